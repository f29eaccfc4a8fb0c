package io.feedbackpipeline.support.health;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param timeout how long the Kafka health check waits for the cluster to answer ({@code PIPELINE_HEALTH_KAFKA_TIMEOUT}) */
@ConfigurationProperties("pipeline.health.kafka")
public record KafkaHealthProperties(@DefaultValue("3s") Duration timeout) {}
