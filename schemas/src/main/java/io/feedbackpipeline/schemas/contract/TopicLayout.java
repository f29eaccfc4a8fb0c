package io.feedbackpipeline.schemas.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * How the pipeline's topics are created when missing: every input topic and its dead-letter twin, and the change
 * stream. All keep
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
        for (TopicContract<?> contract : Topics.INPUTS) {
            topics.add(newTopic(contract.name()));
            topics.add(newTopic(contract.deadLetterTopic()));
        }
        topics.add(newTopic(Topics.FEEDBACK_CHANGES.name()));
        return List.copyOf(topics);
    }

    /**
     * Creates the topics that do not exist yet and returns their names. Existing topics are left exactly as they
     * are: partitions and settings of a live topic are an operator's decision, never a side effect of a start-up.
     */
    public List<String> createMissing(Admin admin, Duration timeout) {
        List<String> created = new ArrayList<>();
        for (NewTopic topic : newTopics()) {
            try {
                admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created.add(topic.name());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating topic " + topic.name(), e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not create topic " + topic.name() + " in " + timeout, e);
            }
        }
        return List.copyOf(created);
    }

    private NewTopic newTopic(String name) {
        int minInSync = Math.min(2, replicationFactor);
        return new NewTopic(name, partitions, replicationFactor)
                .configs(Map.of(
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs),
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSync)));
    }
}
