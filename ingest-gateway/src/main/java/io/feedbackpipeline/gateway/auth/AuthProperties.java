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
 * @param cacheTtl how long a key lookup (hit or miss) is fresh, and how often the set of keys issued before
 *     checksums is reloaded: once it is older, the next use refreshes it in the background while the cached answer
 *     is served, so a revoked key stops working within this time and one refresh, whenever the database answers
 * @param staleWhileUnreachable how long a cached answer keeps being served while its refresh fails (the database is
 *     down or hung): keys known to the gateway keep working through an outage of the catalog for this long, and
 *     then are looked up again, failing fast with 503
 * @param failureBurst failed authentications one client address may make at once before it is throttled
 * @param failuresPerMinute the rate at which a throttled address earns attempts back
 * @param unknownKeyLookupsPerSecond database lookups of keys the gateway has not seen, across all clients: keys with a
 *     valid checksum can be made by anyone, so this bounds what strangers cost the database however many addresses
 *     they use; above it such a key is answered 429 with Retry-After
 */
@Validated
@ConfigurationProperties("pipeline.gateway.auth")
record AuthProperties(
        @DefaultValue("30s") @NotNull Duration cacheTtl,
        @DefaultValue("10m") @NotNull Duration staleWhileUnreachable,
        @DefaultValue("20") @Min(1) int failureBurst,
        @DefaultValue("60") @Min(1) int failuresPerMinute,
        @DefaultValue("50") @Min(1) int unknownKeyLookupsPerSecond) {}
