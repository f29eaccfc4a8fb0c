package io.feedbackpipeline.processor.changes;

import io.feedbackpipeline.processor.config.ProcessorProperties;
import io.feedbackpipeline.schemas.FeedbackChange;
import io.feedbackpipeline.schemas.contract.DurableProducer;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.ConfluentSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.MicrometerProducerListener;

/** The change stream's relay and its producer; absent when {@code pipeline.processor.changes.enabled=false}. */
@Configuration
@ConditionalOnBooleanProperty(name = "pipeline.processor.changes.enabled", matchIfMissing = true)
class ChangeStreamConfiguration {

    /**
     * The relay's producer. Its records are small (~150 bytes) and come 5,000 at a time, so it batches up to 128 KB per
     * partition: fewer requests for the broker. Uncompressed, so that every consumer reads them: kafkajs, for one, reads
     * no LZ4 or zstd without a codec of its own (system-tests' Node consumer).
     */
    @Bean
    DefaultKafkaProducerFactory<String, FeedbackChange> changeProducers(
            KafkaProperties kafka, ProcessorProperties properties, MeterRegistry meters) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.putAll(DurableProducer.durability());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000); // >= linger + request timeout
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        DefaultKafkaProducerFactory<String, FeedbackChange> producers = new DefaultKafkaProducerFactory<>(
                config,
                Topics.FEEDBACK_CHANGES.keySerializer(),
                properties.changes().framing() == ProcessorProperties.Changes.Framing.CONFLUENT
                        ? new ConfluentSerializer<>()
                        : Topics.FEEDBACK_CHANGES.valueSerializer());
        producers.addListener(new MicrometerProducerListener<>(meters));
        return producers;
    }

    @Bean
    ChangeRelay changeRelay(
            DataSource dataSource,
            DefaultKafkaProducerFactory<String, FeedbackChange> changeProducers,
            ProcessorProperties properties,
            MeterRegistry meters) {
        return new ChangeRelay(dataSource, changeProducers, properties.changes(), meters);
    }
}
