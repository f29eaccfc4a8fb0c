package io.feedbackpipeline.gateway.publish;

import io.feedbackpipeline.schemas.contract.DurableProducer;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The durable producer: {@code acks=all}, idempotence on, compression, a small linger. Events arrive serialized
 * (the publisher budgets their bytes). Its delivery timeout is the
 * gateway's, so a record is acked in time or given up on. A send blocks its caller at most {@code max-block} (for
 * metadata or buffer space), so a broker that is down never holds a request thread for long.
 */
@Configuration
class ProducerConfiguration {

    @Bean
    ProducerFactory<String, byte[]> eventProducerFactory(KafkaProperties kafka, PublishProperties publish) {
        long deliveryMs = publish.deliveryTimeout().toMillis();
        long lingerMs = publish.linger().toMillis();
        Map<String, Object> config = kafka.buildProducerProperties();
        config.putAll(DurableProducer.durability());
        config.putAll(Map.of(
                ProducerConfig.COMPRESSION_TYPE_CONFIG, publish.compression(),
                ProducerConfig.LINGER_MS_CONFIG, (int) lingerMs,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1, deliveryMs - lingerMs),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, publish.maxBlock().toMillis()));
        return new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @Bean
    KafkaTemplate<String, byte[]> eventKafkaTemplate(ProducerFactory<String, byte[]> factory) {
        return new KafkaTemplate<>(factory);
    }
}
