package io.feedbackpipeline.gateway.analytics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code pipeline.gateway.analytics.*} (environment {@code PIPELINE_GATEWAY_ANALYTICS_*}).
 *
 * @param useRollups answer from the rollup where it can; off, every answer is aggregated from the registers (only to
 *     go with a processor whose rollup is off, {@code pipeline.processor.analytics.enabled=false})
 */
@Validated
@ConfigurationProperties("pipeline.gateway.analytics")
record AnalyticsProperties(@DefaultValue("true") boolean useRollups) {}
