package io.feedbackpipeline.gateway.overload;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.gateway.overload.*} (environment {@code PIPELINE_GATEWAY_OVERLOAD_*}): how many writes the gateway
 * works on at once and how long one may wait for its turn before it is refused with 503. A waiting write holds a
 * request thread, so {@code maxConcurrency + backlog} must leave threads of {@code server.tomcat.threads.max} (200)
 * for reads, probes and refusals; start-up fails otherwise.
 *
 * @param enabled whether writes are admitted through the limit at all
 * @param maxConcurrency writes worked on at once
 * @param backlog writes that may wait for their turn at once; one more is refused at once
 * @param maxWait the longest a write waits for its turn; the newest are served first, so under overload the
 *     oldest are the ones refused, while what is served stays within this bound
 * @param retryAfter the Retry-After of a refusal
 */
@Validated
@ConfigurationProperties("pipeline.gateway.overload")
public record OverloadProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("100") @Min(1) int maxConcurrency,
        @DefaultValue("80") @Min(0) int backlog,
        @DefaultValue("50ms") @NotNull Duration maxWait,
        @DefaultValue("1s") @NotNull Duration retryAfter) {}
