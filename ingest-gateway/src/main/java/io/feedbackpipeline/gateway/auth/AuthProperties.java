package io.feedbackpipeline.gateway.auth;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.gateway.auth.*} (environment {@code PIPELINE_GATEWAY_AUTH_*}).
 *
 * @param cacheTtl how long a key lookup (hit or miss) is cached: a revoked key stops working within this time
 */
@Validated
@ConfigurationProperties("pipeline.gateway.auth")
public record AuthProperties(@DefaultValue("30s") @NotNull Duration cacheTtl) {}
