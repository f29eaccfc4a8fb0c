package io.feedbackpipeline.gateway.support;

import io.feedbackpipeline.schemas.contract.TopicContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a topic from the moment it is opened. {@link #awaitRecord} waits for a matching record;
 * {@link #recordsUpToNow} reads every partition up to its end offset at the time of the call, which proves a
 * negative: a record acked before the call, on any partition, is among them.
 */
public final class TopicProbe<V extends SpecificRecord> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final List<TopicPartition> partitions;
    private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

    public TopicProbe(String bootstrapServers, TopicContract<V> topic) {
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                topic.keyDeserializer(),
                topic.valueDeserializer());
        partitions = consumer.partitionsFor(topic.name()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start now, not lazily at the first poll
    }

    public ConsumerRecord<String, V> awaitRecord(Predicate<V> matching) {
        List<ConsumerRecord<String, V>> records = recordsUntil(matching);
        return records.get(records.size() - 1);
    }

    /**
     * Every record not returned before, up to and including the first one matching {@code marker}; the next
     * call continues after it.
     */
    public List<ConsumerRecord<String, V>> recordsUntil(Predicate<V> marker) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            for (int i = 0; i < seen.size(); i++) {
                if (marker.test(seen.get(i).value())) {
                    List<ConsumerRecord<String, V>> upToMarker = List.copyOf(seen.subList(0, i + 1));
                    seen.subList(0, i + 1).clear();
                    return upToMarker;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no matching record within 30 s; saw " + seen.size());
            }
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
    }

    /** Every record not returned before, on every partition, up to the end offsets as of now. */
    public List<ConsumerRecord<String, V>> recordsUpToNow() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("could not read up to " + ends);
            }
            consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
        }
        List<ConsumerRecord<String, V>> records = List.copyOf(seen);
        seen.clear();
        return records;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
