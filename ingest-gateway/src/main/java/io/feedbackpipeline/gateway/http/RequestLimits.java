package io.feedbackpipeline.gateway.http;

import io.feedbackpipeline.catalog.FeedbackRules;
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
 * @param maxBodySize requests with a larger body get 413, on every route (the body size of forms and multipart is
 *     this too: the gateway sets Tomcat's and Spring's form limits from it)
 * @param maxRegistryBodySize the registry API's body limit: a schema is a few KB
 * @param bodyBudget the request bytes all requests together may hold in memory at once; a request that would pass
 *     it is answered 503 with Retry-After at once, so a burst of large bodies cannot exhaust the heap
 * @param maxItems most feedback items in one request; at most what one event may carry
 */
@Validated
@ConfigurationProperties("pipeline.gateway.limits")
public record RequestLimits(
        @DefaultValue("1MB") @NotNull DataSize maxBodySize,
        @DefaultValue("64KB") @NotNull DataSize maxRegistryBodySize,
        @DefaultValue("32MB") @NotNull DataSize bodyBudget,

        @DefaultValue("1000") @Min(1) @Max(FeedbackRules.MAX_BATCH_ITEMS)
        int maxItems) {}
