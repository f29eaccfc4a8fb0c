package io.feedbackpipeline.gateway.auth;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.gateway.auth.*} (environment {@code PIPELINE_GATEWAY_AUTH_*}).
 *
 * @param cacheTtl how long a key lookup (hit or miss) is cached, and how often the set of keys issued before
 *     checksums is reloaded: a revoked key stops working within this time
 * @param failureBurst failed authentications one client address may make at once before it is throttled
 * @param failuresPerMinute the rate at which a throttled address earns attempts back
 */
@Validated
@ConfigurationProperties("pipeline.gateway.auth")
public record AuthProperties(
        @DefaultValue("30s") @NotNull Duration cacheTtl,
        @DefaultValue("20") @Min(1) int failureBurst,
        @DefaultValue("60") @Min(1) int failuresPerMinute) {}
