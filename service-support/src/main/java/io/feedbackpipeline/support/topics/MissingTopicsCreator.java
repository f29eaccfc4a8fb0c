package io.feedbackpipeline.support.topics;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Creates the pipeline's missing topics once the context is built and before listeners start. Unlike
 * {@code KafkaAdmin.NewTopics} it never grows or reconfigures an existing topic. A broker that is down at start-up
 * is logged, not fatal: the service starts, reports Kafka DOWN, and works once the broker and topics are there.
 */
final class MissingTopicsCreator implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(MissingTopicsCreator.class);

    private final KafkaAdmin kafkaAdmin;
    private final TopicProperties properties;

    MissingTopicsCreator(KafkaAdmin kafkaAdmin, TopicProperties properties) {
        this.kafkaAdmin = kafkaAdmin;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            List<String> created = properties.layout().createMissing(admin, Duration.ofSeconds(10));
            if (!created.isEmpty()) {
                log.info("Created missing topics {}", created);
            }
        } catch (RuntimeException e) {
            log.warn("Could not create the pipeline's topics at start-up: {}", e.getMessage());
        }
    }
}
