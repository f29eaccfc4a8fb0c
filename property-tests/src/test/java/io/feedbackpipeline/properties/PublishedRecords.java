package io.feedbackpipeline.properties;

import io.feedbackpipeline.schemas.contract.TopicContract;
import io.feedbackpipeline.schemas.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The records the gateway published, as raw bytes, found by the request id the test sent them with. */
final class PublishedRecords implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, ConsumerRecord<byte[], byte[]>> byRequestId = new HashMap<>();

    PublishedRecords(String bootstrapServers) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicContract<?> topic : Topics.INPUTS) {
            consumer.partitionsFor(topic.name())
                    .forEach(info -> partitions.add(new TopicPartition(topic.name(), info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** The record published with {@code requestId}; it was acked before the gateway answered, so it is there. */
    ConsumerRecord<byte[], byte[]> await(String requestId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!byRequestId.containsKey(requestId)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no record with request id " + requestId);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                Header header = record.headers().lastHeader("request-id");
                if (header != null) {
                    byRequestId.put(new String(header.value(), StandardCharsets.UTF_8), record);
                }
            }
        }
        return byRequestId.remove(requestId);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
