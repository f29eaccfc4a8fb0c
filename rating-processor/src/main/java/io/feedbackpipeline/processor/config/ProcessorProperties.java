package io.feedbackpipeline.processor.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tunables of the processor, from {@code pipeline.processor.*} (environment {@code PIPELINE_PROCESSOR_*}).
 *
 * @param groupId the consumer group; offsets of the projection
 * @param concurrency consumers per instance; at most the number of partitions is useful
 * @param maxPollRecords records per consumer batch, so per projection transaction
 * @param fetchMaxWait how long the broker may hold a fetch to fill it; bounds the added latency
 */
@Validated
@ConfigurationProperties("pipeline.processor")
public record ProcessorProperties(
        @DefaultValue("rating-processor") @NotBlank String groupId,
        @DefaultValue("3") @Min(1) int concurrency,
        @DefaultValue("1000") @Min(1) int maxPollRecords,
        @DefaultValue("50ms") @NotNull Duration fetchMaxWait,
        @Valid @NotNull @DefaultValue Retry retry) {

    /** Back-off while the database or broker is down: exponential, never giving up. */
    public record Retry(
            @DefaultValue("200ms") @NotNull Duration initialInterval,
            @DefaultValue("10s") @NotNull Duration maxInterval) {}
}
