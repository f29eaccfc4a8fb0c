package io.feedbackpipeline.gateway.ratelimit;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Token bucket per API key: {@code burst} requests at once, refilled at {@code requestsPerSecond};
 * {@code pipeline.gateway.rate-limit.*} (environment {@code PIPELINE_GATEWAY_RATE_LIMIT_*}).
 */
@Validated
@ConfigurationProperties("pipeline.gateway.rate-limit")
record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("200") @Min(1) int requestsPerSecond,
        @DefaultValue("400") @Min(1) int burst) {}
