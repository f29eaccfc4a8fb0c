package io.feedbackpipeline.processor.support;

import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.schemas.FeedbackChange;
import io.feedbackpipeline.schemas.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads {@code feedback-changes.v1} from its beginning, as a consumer of the stream would, keeping one project's. */
public final class ChangeStreamReader implements AutoCloseable {

    private final KafkaConsumer<String, FeedbackChange> consumer;
    private final UUID project;
    private final List<ConsumerRecord<String, FeedbackChange>> read = new ArrayList<>();

    public ChangeStreamReader(PipelineInfrastructure infrastructure, UUID project) {
        this.project = project;
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        infrastructure.bootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                Topics.FEEDBACK_CHANGES.keyDeserializer(),
                Topics.FEEDBACK_CHANGES.valueDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.FEEDBACK_CHANGES.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls until the project's changes read so far satisfy {@code enough}, or 30 s passed; then all of them. */
    public List<ConsumerRecord<String, FeedbackChange>> until(Predicate<List<FeedbackChange>> enough) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!enough.test(changes()) && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
        }
        return List.copyOf(read);
    }

    /** Whatever arrives in {@code quiet}: for checking that nothing more comes. */
    public List<FeedbackChange> after(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
        }
        return changes();
    }

    public List<FeedbackChange> changes() {
        return read.stream().map(ConsumerRecord::value).toList();
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<String, FeedbackChange> record : consumer.poll(timeout)) {
            if (record.value().getProjectId().equals(project)) {
                read.add(record);
            }
        }
    }

    /** The first bytes of every record value on the stream, as written: which framing the relay used. */
    public static List<Byte> firstBytes(PipelineInfrastructure infrastructure) {
        try (KafkaConsumer<byte[], byte[]> raw = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        infrastructure.bootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = raw.partitionsFor(Topics.FEEDBACK_CHANGES.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            raw.assign(partitions);
            raw.seekToBeginning(partitions);
            List<Byte> first = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : raw.poll(Duration.ofSeconds(2))) {
                first.add(record.value()[0]);
            }
            return first;
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
