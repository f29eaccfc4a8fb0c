package io.feedbackpipeline.support.topics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/** Creates the pipeline's missing topics at start-up ({@code PIPELINE_TOPICS_CREATE=false} turns it off). */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(TopicProperties.class)
@ConditionalOnProperty(name = "pipeline.topics.create", havingValue = "true", matchIfMissing = true)
public class TopicCreationAutoConfiguration {

    @Bean
    MissingTopicsCreator missingTopicsCreator(KafkaAdmin kafkaAdmin, TopicProperties properties) {
        return new MissingTopicsCreator(kafkaAdmin, properties);
    }
}
