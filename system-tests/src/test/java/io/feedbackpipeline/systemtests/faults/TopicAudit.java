package io.feedbackpipeline.systemtests.faults;

import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.contract.TopicContract;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.FeedbackBatchDeserializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What reached the topics during a scenario, read from the offsets at its start to the end: one logical request
 * published under two event ids would be applied twice in effect; a dead letter carrying a load request's id is
 * valid data that was dead-lettered; poison records are marked by their producer and counted apart.
 */
final class TopicAudit {

    static final String POISON_HEADER = "fault-suite-poison";

    /** Where the scenario started on every partition of the source and dead-letter topics. */
    record Marks(Map<TopicPartition, Long> start) {}

    /** What the audit found. */
    record Findings(int duplicatedInEffect, int validDeadLetters, int poisonDeadLetters) {}

    private TopicAudit() {}

    static Marks mark(String bootstrapServers) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
            return new Marks(consumer.endOffsets(partitions(consumer)));
        }
    }

    static Findings audit(String bootstrapServers, Marks marks, Set<String> loadRequestIds) {
        Map<String, Set<String>> eventIdsByRequest = new HashMap<>();
        int validDeadLetters = 0;
        int poisonDeadLetters = 0;
        FeedbackBatchDeserializer decoder = new FeedbackBatchDeserializer();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
            List<TopicPartition> partitions = partitions(consumer);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            consumer.assign(partitions);
            marks.start().forEach(consumer::seek);
            for (ConsumerRecord<byte[], byte[]> record : readTo(consumer, end)) {
                String requestId = header(record, "request-id");
                if (record.topic().endsWith(TopicContract.DEAD_LETTER_SUFFIX)) {
                    if (header(record, POISON_HEADER) != null) {
                        poisonDeadLetters++;
                    } else if (requestId != null && loadRequestIds.contains(requestId)) {
                        validDeadLetters++;
                    }
                } else if (record.topic().equals(Topics.FEEDBACK.name())
                        && requestId != null
                        && loadRequestIds.contains(requestId)) {
                    FeedbackBatch batch = decoder.deserialize(record.topic(), record.value());
                    eventIdsByRequest
                            .computeIfAbsent(requestId, id -> new HashSet<>())
                            .add(batch.getEventId().toString());
                }
            }
        }
        int duplicated = (int) eventIdsByRequest.values().stream()
                .filter(ids -> ids.size() > 1)
                .count();
        return new Findings(duplicated, validDeadLetters, poisonDeadLetters);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readTo(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("could not read the topics up to " + end);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (TopicContract<?> contract : Topics.INPUTS) {
            for (String topic : List.of(contract.name(), contract.deadLetterTopic())) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
        }
        return partitions;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        2_000,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
