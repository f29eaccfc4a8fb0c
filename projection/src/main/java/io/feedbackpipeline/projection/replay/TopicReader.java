package io.feedbackpipeline.projection.replay;

import io.feedbackpipeline.projection.Projected;
import io.feedbackpipeline.projection.Projector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads ranges of the pipeline's topics outside any consumer group (nothing is committed) and projects them in
 * chunks: the loop behind replays and rebuilds.
 */
public final class TopicReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;

    public TopicReader(String bootstrapServers, List<String> topics, int recordsPerChunk) {
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        recordsPerChunk,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> found = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(15))
                    .forEach(info -> found.add(new TopicPartition(topic, info.partition())));
        }
        this.partitions = List.copyOf(found);
        consumer.assign(partitions);
    }

    public List<TopicPartition> partitions() {
        return partitions;
    }

    /** The offsets a time range covers; {@code null} bounds mean the beginning and the end as of now. */
    public TopicRange range(Instant from, Instant to) {
        return TopicRange.of(consumer, partitions, from, to);
    }

    public Map<TopicPartition, Long> endOffsets() {
        return consumer.endOffsets(partitions);
    }

    public void seek(Map<TopicPartition, Long> offsets) {
        offsets.forEach(consumer::seek);
    }

    /** Records between the read positions and the end offsets as of now. */
    public long behind() {
        return endOffsets().entrySet().stream()
                .mapToLong(e -> e.getValue() - consumer.position(e.getKey()))
                .sum();
    }

    /**
     * Projects records until every partition reached {@code end}, in chunks of at most the configured number of
     * records, and reports each chunk. Stops early, returning false, when {@code deadline} passes first.
     */
    public boolean drain(
            Map<TopicPartition, Long> end, Projector projector, Consumer<Projected> eachChunk, Instant deadline) {
        Set<TopicPartition> open = new HashSet<>();
        Map<TopicPartition, Long> resumeAt = new HashMap<>();
        end.forEach((partition, offset) -> {
            long position = consumer.position(partition);
            resumeAt.put(partition, Math.min(position, offset));
            if (position < offset) {
                open.add(partition);
            }
        });
        consumer.resume(open);
        consumer.pause(end.keySet().stream().filter(p -> !open.contains(p)).toList());
        while (!open.isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                seek(resumeAt); // continue right after what was applied
                return false;
            }
            List<ConsumerRecord<byte[], byte[]>> chunk = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (record.offset() < end.get(partition)) {
                    chunk.add(record);
                }
            }
            for (TopicPartition partition : List.copyOf(open)) {
                if (consumer.position(partition) >= end.get(partition)) {
                    open.remove(partition);
                    consumer.pause(List.of(partition));
                }
            }
            if (!chunk.isEmpty()) {
                eachChunk.accept(projector.project(chunk));
                chunk.forEach(
                        r -> resumeAt.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max));
            }
        }
        // Records read past end stay unapplied; seek back so the next drain starts exactly at end.
        seek(end);
        return true;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
