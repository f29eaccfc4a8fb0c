package io.feedbackpipeline.gateway.publish;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.gateway.publish.*} (environment {@code PIPELINE_GATEWAY_PUBLISH_*}).
 *
 * @param deliveryTimeout longest wait for the broker's ack before answering 503; the producer gives up on the
 *     record at the same time
 * @param linger how long the producer waits to fill a batch
 * @param compression producer compression codec
 * @param maxBlock the longest a send may block its request thread for broker metadata or buffer space
 * @param maxPending events waiting for an ack at once; above it a request gets 503 without being sent
 * @param maxPendingBytes bytes of events waiting for an ack at once; above it a request gets 503 without being sent
 * @param positionsRemembered how many of its latest events' positions the gateway keeps (for an hour at most) to answer
 *     {@code GET /v1/events/{id}} without the {@code at} its {@code Location} gives; ~60 bytes of heap each
 */
@Validated
@ConfigurationProperties("pipeline.gateway.publish")
record PublishProperties(
        @DefaultValue("5s") @NotNull Duration deliveryTimeout,
        @DefaultValue("1ms") @NotNull Duration linger,
        @DefaultValue("zstd") @NotNull String compression,
        @DefaultValue("250ms") @NotNull Duration maxBlock,
        @DefaultValue("10000") @Min(1) int maxPending,
        @DefaultValue("64MB") @NotNull DataSize maxPendingBytes,
        @DefaultValue("100000") @Min(0) @Max(50000000) int positionsRemembered) {}
