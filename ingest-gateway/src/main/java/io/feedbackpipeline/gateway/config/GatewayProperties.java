package io.feedbackpipeline.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every tunable of the gateway, bound from {@code pipeline.gateway.*} (environment: {@code PIPELINE_GATEWAY_*}),
 * validated at start-up. Defaults suit the local stack.
 */
@Validated
@ConfigurationProperties("pipeline.gateway")
public record GatewayProperties(
        @Valid @NotNull @DefaultValue Auth auth,
        @Valid @NotNull @DefaultValue Limits limits,
        @Valid @NotNull @DefaultValue RateLimit rateLimit,
        @Valid @NotNull @DefaultValue Publish publish,
        @Valid @NotNull @DefaultValue ReadYourWrites readYourWrites) {

    /**
     * @param cacheTtl how long a key lookup (hit or miss) is cached: a revoked key stops working within this time
     */
    public record Auth(@DefaultValue("30s") @NotNull Duration cacheTtl) {}

    /**
     * @param maxBodySize requests with a larger body get 413
     * @param maxItems most feedback items in one request
     */
    public record Limits(
            @DefaultValue("1MB") @NotNull DataSize maxBodySize,
            @DefaultValue("1000") @Min(1) @Max(100_000) int maxItems) {}

    /**
     * Token bucket per API key: {@code burst} requests at once, refilled at {@code requestsPerSecond}.
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("200") @Min(1) int requestsPerSecond,
            @DefaultValue("400") @Min(1) int burst) {}

    /**
     * @param deliveryTimeout longest wait for the broker's ack before answering 503; the producer gives up on the
     *     record at the same time
     * @param linger how long the producer waits to fill a batch
     * @param compression producer compression codec
     * @param maxBlock the longest a send may block its request thread for broker metadata or buffer space
     * @param maxPending events waiting for an ack at once; above it a request gets 503 without being sent
     */
    public record Publish(
            @DefaultValue("5s") @NotNull Duration deliveryTimeout,
            @DefaultValue("1ms") @NotNull Duration linger,
            @DefaultValue("zstd") @NotNull String compression,
            @DefaultValue("250ms") @NotNull Duration maxBlock,
            @DefaultValue("10000") @Min(1) int maxPending) {}

    /**
     * @param timeout how long a Baseplate rating waits for the projection before answering 202
     * @param maxWaiters requests waiting at once; above it a rating is answered 202 right after the broker's ack
     */
    public record ReadYourWrites(
            @DefaultValue("2s") @NotNull Duration timeout,
            @DefaultValue("10000") @Min(1) int maxWaiters) {}
}
