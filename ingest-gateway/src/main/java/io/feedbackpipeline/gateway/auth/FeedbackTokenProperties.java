package io.feedbackpipeline.gateway.auth;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.gateway.feedback-tokens.*} (environment {@code PIPELINE_GATEWAY_FEEDBACKTOKENS_*}).
 *
 * @param secrets signing secrets by key id (environment {@code PIPELINE_GATEWAY_FEEDBACKTOKENS_SECRETS_<KID>}), each
 *     at least 32 characters; every gateway of a deployment needs the same ones. Rotating: add a new one and make it
 *     the {@code signing-key}, remove the old one once the longest-lived token it signed has expired (24 h). When
 *     none is set, the gateway makes one up at start-up and says so: tokens then work with this process only.
 * @param signingKey the id of the secret new tokens are signed with; may be empty when there is exactly one secret
 * @param defaultLifetime how long a token lives when its request names no expiry
 * @param maxLifetime the longest life a token may be given
 */
@Validated
@ConfigurationProperties("pipeline.gateway.feedback-tokens")
public record FeedbackTokenProperties(
        @DefaultValue Map<String, String> secrets,
        @DefaultValue("") String signingKey,
        @DefaultValue("1h") @NotNull Duration defaultLifetime,
        @DefaultValue("24h") @NotNull Duration maxLifetime) {}
