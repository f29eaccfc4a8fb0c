package io.feedbackpipeline.support.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code PIPELINE_HEALTH_KAFKA_*}.
 *
 * @param timeout how long one check waits for the cluster to answer
 * @param interval how often the cluster is checked in the background; health answers from the last check
 */
@ConfigurationProperties("pipeline.health.kafka")
public record KafkaHealthProperties(
        @DefaultValue("3s") Duration timeout,
        @DefaultValue("5s") Duration interval) {}
