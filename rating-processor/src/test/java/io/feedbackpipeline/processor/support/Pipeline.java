package io.feedbackpipeline.processor.support;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.kafka.ConsumerGroupProgress;
import io.feedbackpipeline.projection.store.ProjectionDigest;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.EventSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Drives the processor under test from the outside: produce to its topics, wait for it, read its tables. */
public final class Pipeline implements AutoCloseable {

    public static final String GROUP = ConsumerGroupProgress.PROCESSOR_GROUP;

    private final PipelineInfrastructure infrastructure;
    private final KafkaProducer<byte[], byte[]> producer;
    private final EventSerializer<SpecificRecord> serializer = new EventSerializer<>();
    private final JdbcClient jdbc;

    public Pipeline(PipelineInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        infrastructure.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        this.jdbc = JdbcClient.create(infrastructure.dataSource());
    }

    public UUID newProject() {
        return new CatalogAdmin(infrastructure.dataSource())
                .createProject("it-" + UUID.randomUUID())
                .id();
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    public void publish(SpecificRecord event, String key) {
        String topic = event instanceof CompletionLogged ? Topics.COMPLETION_LOGS.name() : Topics.FEEDBACK.name();
        publishBytes(topic, key, serializer.serialize(topic, event));
    }

    public void publishBytes(String topic, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(), value))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("publish failed", e);
        }
    }

    /** Waits until the processor's committed offsets reach the end of both topics. */
    public void awaitCaughtUp(Duration timeout) {
        ConsumerGroupProgress.awaitCaughtUp(infrastructure.bootstrapServers(), GROUP, timeout);
    }

    /** Every record ever dead-lettered from {@code feedback.v1}: the sum of its DLT's end offsets. */
    public long deadLetterCount() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infrastructure.bootstrapServers()))) {
            String topic = Topics.FEEDBACK.deadLetterTopic();
            List<TopicPartition> partitions =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            return admin
                    .listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all()
                    .get()
                    .values()
                    .stream()
                    .mapToLong(info -> info.offset())
                    .sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    /** See {@link ProjectionDigest}: all of a project's rows, without updated_at and provenance. */
    public String digest(UUID project) {
        return ProjectionDigest.of(infrastructure.dataSource(), ProjectionTables.LIVE, project);
    }

    public Map<String, Object> log(UUID project, String usageId) {
        return jdbc.sql("SELECT * FROM completion_log WHERE project_id = ? AND usage_id = ?")
                .param(project)
                .param(usageId)
                .query()
                .singleRow();
    }

    public List<Map<String, Object>> feedbackRows(UUID project) {
        return jdbc.sql("SELECT * FROM completion_feedback WHERE project_id = ? ORDER BY usage_id, feedback_type_id")
                .param(project)
                .query()
                .listOfRows();
    }

    public static FeedbackBatch batch(UUID project, Instant receivedAt, FeedbackItem... items) {
        return FeedbackBatch.newBuilder()
                .setEventId(UUID.randomUUID())
                .setProjectId(project)
                .setEndpointId(null)
                .setReceivedAt(receivedAt)
                .setSource(FeedbackSource.DIRECT_PRODUCER)
                .setRequestId(null)
                .setItems(new ArrayList<>(List.of(items)))
                .build();
    }

    public static FeedbackItem rating(String usageId, boolean positive, Instant at) {
        return FeedbackItem.newBuilder()
                .setUsageId(usageId)
                .setFeedbackTypeId(1)
                .setFlag(positive)
                .setOccurredAt(at)
                .build();
    }

    public static CompletionLogged log(UUID project, String usageId, Instant emittedAt, String completion) {
        return CompletionLogged.newBuilder()
                .setEventId(UUID.randomUUID())
                .setEmittedAt(emittedAt)
                .setUsageId(usageId)
                .setProjectId(project)
                .setCreatedAt(emittedAt)
                .setModel("text-davinci-003")
                .setPrompt("p")
                .setCompletion(completion)
                .setValues(Map.of("tone", "calm"))
                .build();
    }

    @Override
    public void close() {
        producer.close();
    }
}
