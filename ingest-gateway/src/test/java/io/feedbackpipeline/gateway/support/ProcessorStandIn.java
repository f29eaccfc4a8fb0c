package io.feedbackpipeline.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.feedbackpipeline.catalog.CachedCatalog;
import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import io.feedbackpipeline.projection.Projector;
import io.feedbackpipeline.projection.RunOutcome;
import io.feedbackpipeline.projection.TransactionLimits;
import io.feedbackpipeline.projection.intake.Intake;
import io.feedbackpipeline.projection.store.ProjectionWriter;
import io.feedbackpipeline.projection.store.RollupRefresh;
import io.feedbackpipeline.projection.store.Transactions;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.EventSerializer;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Plays the processor's part without Kafka: the processor's own intake and writer project events into the real
 * database as its least-privilege role, and its rollup refresh runs when a test says so.
 */
public final class ProcessorStandIn implements AutoCloseable {

    private final HikariDataSource processorRole;
    private final Projector projector;
    private final RollupRefresh rollup;
    private final EventSerializer<FeedbackBatch> feedback = new EventSerializer<>();
    private final EventSerializer<CompletionLogged> logs = new EventSerializer<>();
    private final AtomicLong offsets = new AtomicLong();

    public ProcessorStandIn(PipelineInfrastructure infrastructure) {
        processorRole = infrastructure.postgres().newDataSource("analytics-processor", PostgresServer.PROCESSOR);
        projector = new Projector(
                new Intake(new CachedCatalog(processorRole), 8 * 1024 * 1024),
                ProjectionWriter.live(new Transactions(processorRole, Transactions.Timeouts.DEFAULT)),
                TransactionLimits.DEFAULT);
        rollup = new RollupRefresh(processorRole, ProjectionTables.LIVE);
    }

    /** One feedback item in its own event: a flag for BOOLEAN types, a value for NUMERIC, a comment for TEXT. */
    public static FeedbackItem item(String usageId, int type, Boolean flag, Double value, String tag, Instant at) {
        return FeedbackItem.newBuilder()
                .setUsageId(usageId)
                .setFeedbackTypeId(type)
                .setFlag(flag)
                .setValue(value)
                .setComment(flag == null && value == null ? "said something" : null)
                .setTag(tag)
                .setOccurredAt(at)
                .build();
    }

    public void rate(UUID project, UUID endpoint, FeedbackItem... items) {
        project(List.of(feedbackRecord(project, endpoint, UUID.randomUUID(), List.of(items))));
    }

    public ConsumerRecord<byte[], byte[]> feedbackRecord(
            UUID project, UUID endpoint, UUID eventId, List<FeedbackItem> items) {
        FeedbackBatch batch = FeedbackBatch.newBuilder()
                .setEventId(eventId)
                .setProjectId(project)
                .setEndpointId(endpoint)
                .setReceivedAt(Instant.now())
                .setSource(FeedbackSource.NATIVE_API)
                .setRequestId(null)
                .setItems(items)
                .build();
        return record(Topics.FEEDBACK.name(), feedback.serialize(Topics.FEEDBACK.name(), batch));
    }

    /** A completion log; a later {@code emittedAt} replaces an earlier one's model, endpoint and template. */
    public ConsumerRecord<byte[], byte[]> logRecord(
            UUID project,
            UUID eventId,
            String usageId,
            UUID endpoint,
            String model,
            String template,
            Map<String, String> values,
            Instant createdAt,
            Instant emittedAt) {
        CompletionLogged log = CompletionLogged.newBuilder()
                .setEventId(eventId)
                .setEmittedAt(emittedAt)
                .setUsageId(usageId)
                .setProjectId(project)
                .setEndpointId(endpoint)
                .setUserId(null)
                .setCreatedAt(createdAt)
                .setModel(model)
                .setCost(null)
                .setPrompt("prompt of " + usageId)
                .setCompletion("completion of " + usageId)
                .setTemperature(null)
                .setManaged(null)
                .setTemplateId(template)
                .setValues(values)
                .build();
        return record(Topics.COMPLETION_LOGS.name(), logs.serialize(Topics.COMPLETION_LOGS.name(), log));
    }

    public void log(UUID project, String usageId, UUID endpoint, String model, String template, Instant createdAt) {
        project(List.of(logRecord(
                project, UUID.randomUUID(), usageId, endpoint, model, template, Map.of(), createdAt, Instant.now())));
    }

    public void project(List<ConsumerRecord<byte[], byte[]>> records) {
        assertThat(projectAny(records).rejected()).as("every event is valid").isEmpty();
    }

    /** Projects records some of which may be refused, as the processor would before dead-lettering them. */
    public RunOutcome projectAny(List<ConsumerRecord<byte[], byte[]>> records) {
        return projector.project(records);
    }

    /** Rolls up everything marked so far. */
    public void refreshRollup() {
        try {
            rollup.refreshAll(1_000);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rolls up at most {@code marks} of the oldest marks: a refresher caught half way. */
    public void refreshSome(int marks) {
        try {
            rollup.refresh(marks);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private ConsumerRecord<byte[], byte[]> record(String topic, byte[] value) {
        return new ConsumerRecord<>(topic, 0, offsets.incrementAndGet(), null, value);
    }

    @Override
    public void close() {
        processorRole.close();
    }
}
