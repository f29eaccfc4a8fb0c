package io.feedbackpipeline.gateway.pipeline;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.gateway.pipeline.*} (environment {@code PIPELINE_GATEWAY_PIPELINE_*}): what the pipeline view of
 * the console reads.
 *
 * @param processorGroup the processor's consumer group, whose lag is shown
 * @param lagCacheTime how long one reading of the lag serves every caller (one admin request per period)
 * @param deadLettersPerProject how many of a project's newest dead letters are kept in memory to list
 * @param visibilityWindow how far back the visibility percentiles look
 */
@Validated
@ConfigurationProperties("pipeline.gateway.pipeline")
public record ConsoleProperties(
        @DefaultValue("rating-processor") @NotBlank String processorGroup,
        @DefaultValue("2s") @NotNull Duration lagCacheTime,
        @DefaultValue("500") @Min(1) int deadLettersPerProject,
        @DefaultValue("15m") @NotNull Duration visibilityWindow) {}
