package io.feedbackpipeline.processor.consume;

import io.feedbackpipeline.processor.config.ProcessorProperties;
import io.feedbackpipeline.processor.stall.StallMonitor;
import io.feedbackpipeline.schemas.contract.DurableProducer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The projection's consumer: raw bytes (decoding happens per record in the projection's intake, so a poison record
 * is a dead letter, not a container failure), batches, offsets committed after the listener returned, incremental
 * rebalancing (a member that leaves or crashes costs the other partitions nothing), and an error
 * handler that retries a failed batch forever with exponential back-off while keeping the consumer paused.
 */
@Configuration
class ListenerConfiguration {

    @Bean
    ConcurrentKafkaListenerContainerFactory<byte[], byte[]> projectionContainerFactory(
            KafkaProperties kafka,
            ProcessorProperties processor,
            DefaultErrorHandler projectionErrorHandler,
            StallMonitor stalls,
            MeterRegistry meters) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, processor.groupId());
        config.put(
                ConsumerConfig.GROUP_PROTOCOL_CONFIG,
                processor.groupProtocol().name().toLowerCase(Locale.ROOT));
        if (processor.groupProtocol() == GroupProtocol.CLASSIC) {
            // Incremental rebalances: a member that joins, leaves or crashes moves only its own partitions while
            // the others keep consuming; a crashed member's partitions move after the session timeout.
            config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
            int session = (int) processor.sessionTimeout().toMillis();
            config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session);
            config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(500, session / 4));
        }
        // With no broker reachable, Kafka 4.2's consumer re-bootstraps in a tight loop (thousands of log lines a
        // second, a core busy: seen in the fault suite). The bootstrap addresses do not change, so plain reconnect
        // with back-off to the known brokers is all that is needed.
        config.put(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, "none");
        if (!processor.instanceId().isBlank()) {
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, processor.instanceId());
        }
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, processor.maxPollRecords());
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, (int)
                processor.fetchMinBytes().toBytes());
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int)
                processor.fetchMaxWait().toMillis());
        int fetchMaxBytes = (int) processor.fetchMaxBytes().toBytes();
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, fetchMaxBytes);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Math.max(1, fetchMaxBytes / 4));
        DefaultKafkaConsumerFactory<byte[], byte[]> consumers =
                new DefaultKafkaConsumerFactory<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumers.addListener(new MicrometerConsumerListener<>(meters));

        ConcurrentKafkaListenerContainerFactory<byte[], byte[]> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumers);
        factory.setBatchListener(true);
        factory.setConcurrency(processor.concurrency());
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
        factory.getContainerProperties().setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                stalls.forget(partitions);
            }

            @Override
            public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                stalls.forget(partitions);
            }
        });
        factory.setCommonErrorHandler(projectionErrorHandler);
        return factory;
    }

    @Bean
    DefaultErrorHandler projectionErrorHandler(
            ProcessorProperties processor, StallMonitor stalls, BatchMetrics metrics) {
        ExponentialBackOff backOff =
                new ExponentialBackOff(processor.retry().initialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(processor.retry().maxInterval().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        DefaultErrorHandler handler = new DefaultErrorHandler(
                (record, failure) -> {
                    // Unreachable with an unbounded back-off; refuse to drop data if it ever is reached.
                    throw new IllegalStateException("the projection never gives up on a record", failure);
                },
                backOff);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int attempt) {
                metrics.failedAttempt();
                stalls.failed(BatchProjection.partitionsOf(List.of(record)), ex);
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int attempt) {
                metrics.failedAttempt();
                stalls.failed(records.partitions(), ex);
            }
        });
        return handler;
    }

    @Bean
    KafkaTemplate<byte[], byte[]> deadLetterTemplate(KafkaProperties kafka, MeterRegistry meters) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.putAll(DurableProducer.durability());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000); // >= linger + request timeout
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        DefaultKafkaProducerFactory<byte[], byte[]> producers =
                new DefaultKafkaProducerFactory<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        producers.addListener(new MicrometerProducerListener<>(meters));
        return new KafkaTemplate<>(producers);
    }
}
