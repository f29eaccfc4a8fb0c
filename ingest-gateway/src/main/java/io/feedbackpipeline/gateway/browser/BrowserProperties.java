package io.feedbackpipeline.gateway.browser;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.gateway.browser.*} (environment {@code PIPELINE_GATEWAY_BROWSER_*}): what browsers with feedback
 * tokens may do.
 *
 * @param originsRefresh how often the projects' allowed origins are reloaded: an origin allowed or removed with
 *     feedbackctl takes effect within this time
 * @param perTokenBurst requests one token may make at once; a person clicks a few times, not hundreds
 * @param perTokenPerMinute the rate at which a token earns requests back
 * @param perAddressBurst token requests one client address may make at once (all its tokens together); an office
 *     behind one NAT is many people, so this is higher than a token's
 * @param perAddressPerMinute the rate at which an address earns token requests back
 * @param preflightMaxAge how long a browser may cache a CORS preflight answer
 */
@Validated
@ConfigurationProperties("pipeline.gateway.browser")
record BrowserProperties(
        @DefaultValue("30s") @NotNull Duration originsRefresh,
        @DefaultValue("10") @Min(1) int perTokenBurst,
        @DefaultValue("30") @Min(1) int perTokenPerMinute,
        @DefaultValue("120") @Min(1) int perAddressBurst,
        @DefaultValue("600") @Min(1) int perAddressPerMinute,
        @DefaultValue("10m") @NotNull Duration preflightMaxAge) {}
