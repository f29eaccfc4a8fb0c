package io.feedbackpipeline.localstack.kafka;

import io.feedbackpipeline.schemas.contract.TopicContract;
import io.feedbackpipeline.schemas.contract.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group got: "caught up" means its committed offsets reached the end offsets, as of the call, of
 * every partition of the pipeline's source topics, so everything published before the call is projected.
 */
public final class ConsumerGroupProgress {

    public static final String PROCESSOR_GROUP = "rating-processor";

    private ConsumerGroupProgress() {}

    /** Waits until {@code group} has committed past everything published to both topics before this call. */
    public static void awaitCaughtUp(String bootstrapServers, String group, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, Long> ends = endOffsets(admin);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                if (ends.entrySet().stream()
                        .allMatch(end -> end.getValue() == 0
                                || (committed.get(end.getKey()) != null
                                        && committed.get(end.getKey()).offset() >= end.getValue()))) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            group + " not caught up within " + timeout + ": ends " + ends + ", committed " + committed);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> topics = Topics.INPUTS.stream().map(TopicContract::name).toList();
        List<TopicPartition> partitions =
                admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                        .flatMap(topic ->
                                topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
                        .toList();
        return admin
                .listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all()
                .get(30, TimeUnit.SECONDS)
                .entrySet()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }
}
