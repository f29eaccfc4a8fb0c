package io.feedbackpipeline.schemas.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How the pipeline's topics are created when missing: every contract topic and its dead-letter twin. All keep
 * their data by default ({@code retention.ms=-1}): {@code feedback.v1} is the source of truth for replay and
 * dead letters wait for an operator.
 */
public record TopicLayout(int partitions, short replicationFactor, long retentionMs) {

    public static final long KEEP_FOREVER = -1L;

    public TopicLayout {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, was " + replicationFactor);
        }
    }

    public static TopicLayout singleBroker(int partitions) {
        return new TopicLayout(partitions, (short) 1, KEEP_FOREVER);
    }

    public List<NewTopic> newTopics() {
        List<NewTopic> topics = new ArrayList<>();
        for (TopicContract<?> contract : Topics.ALL) {
            topics.add(newTopic(contract.name()));
            topics.add(newTopic(contract.deadLetterTopic()));
        }
        return List.copyOf(topics);
    }

    private NewTopic newTopic(String name) {
        int minInSync = Math.min(2, replicationFactor);
        return new NewTopic(name, partitions, replicationFactor)
                .configs(Map.of(
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs),
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSync)));
    }
}
