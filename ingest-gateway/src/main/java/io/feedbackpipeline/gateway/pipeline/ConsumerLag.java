package io.feedbackpipeline.gateway.pipeline;

import io.feedbackpipeline.schemas.contract.TopicContract;
import io.feedbackpipeline.schemas.contract.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.stereotype.Component;

/**
 * The processor group's lag per partition of the source topics: end offsets minus committed offsets, read with one
 * admin client and kept for {@code lag-cache-time}, so a console polling from many tabs costs the broker one
 * request per period. A partition the group has not committed on yet lags by its whole end offset.
 */
@Component
public class ConsumerLag implements AutoCloseable {

    private record Reading(Instant at, List<PartitionLag> partitions) {}

    private final Admin admin;
    private final ConsoleProperties properties;
    private final Clock clock;
    private Reading last;

    ConsumerLag(KafkaProperties kafka, ConsoleProperties properties, Clock clock) {
        Map<String, Object> config = kafka.buildAdminProperties();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000);
        this.admin = Admin.create(config);
        this.properties = properties;
        this.clock = clock;
    }

    /** The lag of every partition, at most {@code lag-cache-time} old; throws when the broker cannot be asked. */
    public synchronized List<PartitionLag> partitions() throws Exception {
        Instant now = clock.instant();
        if (last == null || last.at().plus(properties.lagCacheTime()).isBefore(now)) {
            last = new Reading(now, read());
        }
        return last.partitions();
    }

    private List<PartitionLag> read() throws Exception {
        List<String> topics = Topics.INPUTS.stream().map(TopicContract::name).toList();
        Map<String, TopicDescription> described =
                admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        described
                .values()
                .forEach(topic -> topic.partitions()
                        .forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                        partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all()
                .get(5, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(properties.processorGroup())
                .partitionsToOffsetAndMetadata()
                .get(5, TimeUnit.SECONDS);
        return partitions.stream()
                .sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition))
                .map(p -> {
                    long end = ends.get(p).offset();
                    OffsetAndMetadata at = committed.get(p);
                    Long position = at == null ? null : at.offset();
                    return new PartitionLag(
                            p.topic(),
                            p.partition(),
                            end,
                            position,
                            Math.max(0, end - (position == null ? 0 : position)));
                })
                .toList();
    }

    @Override
    public void close() {
        admin.close();
    }
}
