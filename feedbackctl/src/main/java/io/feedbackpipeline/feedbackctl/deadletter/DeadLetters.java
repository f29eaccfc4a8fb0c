package io.feedbackpipeline.feedbackctl.deadletter;

import io.feedbackpipeline.schemas.contract.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a dead-letter topic as it is now (from its beginning to its current end), without a consumer group. */
final class DeadLetters {

    /** One dead letter with what its headers say. */
    record Letter(ConsumerRecord<byte[], byte[]> record) {

        String id() {
            return record.topic() + ":" + record.partition() + ":" + record.offset();
        }

        String header(String name) {
            Header header = record.headers().lastHeader(name);
            return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
        }

        String reason() {
            return header(DeadLetterHeaders.REASON);
        }

        Instant failedAt() {
            String text = header(DeadLetterHeaders.FAILED_AT);
            return text.isEmpty() ? Instant.ofEpochMilli(record.timestamp()) : Instant.parse(text);
        }

        String origin() {
            return header(DeadLetterHeaders.ORIGINAL_TOPIC) + ":" + header(DeadLetterHeaders.ORIGINAL_PARTITION) + ":"
                    + header(DeadLetterHeaders.ORIGINAL_OFFSET);
        }
    }

    private DeadLetters() {}

    static List<Letter> read(String bootstrapServers, String deadLetterTopic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        15_000,
                        ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        10_000),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, Duration.ofSeconds(15)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<Letter> letters = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + deadLetterTopic + " to its end in 60 s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        letters.add(new Letter(record));
                    }
                }
            }
            letters.sort(Comparator.comparing(Letter::failedAt).thenComparing(Letter::id));
            return letters;
        }
    }
}
