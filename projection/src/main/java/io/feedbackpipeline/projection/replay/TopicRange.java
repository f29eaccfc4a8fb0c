package io.feedbackpipeline.projection.replay;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/** Per partition, the offsets [start, end) that a time range covers, resolved by record timestamps. */
public record TopicRange(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {

    /** {@code from} null means the beginning; {@code to} null means the end as of now. */
    public static TopicRange of(Consumer<?, ?> consumer, List<TopicPartition> partitions, Instant from, Instant to) {
        Map<TopicPartition, Long> latest = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> start =
                from == null ? consumer.beginningOffsets(partitions) : at(consumer, from, latest);
        Map<TopicPartition, Long> end = to == null ? latest : at(consumer, to, latest);
        return new TopicRange(start, end);
    }

    public long total() {
        return end.entrySet().stream()
                .mapToLong(e -> Math.max(0, e.getValue() - start.get(e.getKey())))
                .sum();
    }

    private static Map<TopicPartition, Long> at(
            Consumer<?, ?> consumer, Instant time, Map<TopicPartition, Long> latest) {
        Map<TopicPartition, Long> query = new HashMap<>();
        latest.keySet().forEach(partition -> query.put(partition, time.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        latest.forEach((partition, end) -> {
            OffsetAndTimestamp first = found.get(partition);
            offsets.put(partition, first == null ? end : first.offset());
        });
        return offsets;
    }
}
