package io.feedbackpipeline.gateway.overload;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.gateway.overload.*} (environment {@code PIPELINE_GATEWAY_OVERLOAD_*}): how many writes the gateway
 * has in progress at once, from their first byte read to their answer sent (the wait for the broker included), and
 * how long one may wait for its turn before it is refused with 503. A waiting write holds a request thread, so
 * {@code backlog} must stay below half of {@code server.tomcat.threads.max} (200); start-up fails otherwise.
 *
 * @param enabled whether writes are admitted through the limit at all
 * @param maxConcurrency writes in progress at once: arrivals times the time each takes (Little's law), so past it
 *     the gateway is answering more slowly than writes arrive; it also bounds the memory they hold
 * @param backlog writes that may wait for their turn at once; one more is refused at once
 * @param maxWait the longest a write waits for its turn, after which it is refused: waiters get turns in the order
 *     they came, though a write that finds a turn free takes it at once (WriteLimit), so what is served waits no
 *     longer than this bound
 * @param retryAfter the Retry-After of a refusal
 */
@Validated
@ConfigurationProperties("pipeline.gateway.overload")
public record OverloadProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("200") @Min(1) int maxConcurrency,
        @DefaultValue("80") @Min(0) int backlog,
        @DefaultValue("50ms") @NotNull Duration maxWait,
        @DefaultValue("1s") @NotNull Duration retryAfter) {}
