package io.feedbackpipeline.gateway.readyourwrites;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.gateway.read-your-writes.*} (environment {@code PIPELINE_GATEWAY_READ_YOUR_WRITES_*}).
 *
 * @param timeout how long a Baseplate rating waits for the projection before answering 202
 * @param maxWaiters requests waiting at once; above it a rating is answered 202 right after the broker's ack
 */
@Validated
@ConfigurationProperties("pipeline.gateway.read-your-writes")
record ReadYourWritesProperties(
        @DefaultValue("2s") @NotNull Duration timeout,
        @DefaultValue("10000") @Min(1) int maxWaiters) {}
