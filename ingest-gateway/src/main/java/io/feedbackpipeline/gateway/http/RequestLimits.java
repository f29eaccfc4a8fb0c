package io.feedbackpipeline.gateway.http;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.gateway.limits.*} (environment {@code PIPELINE_GATEWAY_LIMITS_*}).
 *
 * @param maxBodySize requests with a larger body get 413
 * @param maxItems most feedback items in one request
 */
@Validated
@ConfigurationProperties("pipeline.gateway.limits")
public record RequestLimits(
        @DefaultValue("1MB") @NotNull DataSize maxBodySize,
        @DefaultValue("1000") @Min(1) @Max(100_000) int maxItems) {}
