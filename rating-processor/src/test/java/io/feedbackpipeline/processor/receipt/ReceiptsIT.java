package io.feedbackpipeline.processor.receipt;

import static io.feedbackpipeline.processor.support.Pipeline.batch;
import static io.feedbackpipeline.processor.support.Pipeline.log;
import static io.feedbackpipeline.processor.support.Pipeline.rating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import io.feedbackpipeline.processor.support.Pipeline;
import io.feedbackpipeline.processor.support.ProcessorIT;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 22: the processor writes each event's receipt in the transaction that decides it, through the real broker
 * and database; the first decision stands whatever is delivered again; the processor prunes old receipts with no
 * privilege beyond the pruning function.
 */
@ProcessorIT
class ReceiptsIT {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private Pipeline pipeline;
    private PipelineInfrastructure infrastructure;

    @BeforeEach
    void setUp(PipelineInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
        pipeline = new Pipeline(infrastructure);
    }

    @AfterEach
    void tearDown() {
        pipeline.close();
    }

    @Test
    @DisplayName("projected with the items each event won, dead-lettered with the reason; redelivery changes nothing")
    void receiptsOfEveryOutcome() {
        UUID project = pipeline.newProject();
        FeedbackBatch first = batch(project, T0, rating("u1", true, T0), rating("u2", true, T0));
        pipeline.publish(first, "k");
        pipeline.awaitCaughtUp(Duration.ofSeconds(30));
        Map<String, Object> firstReceipt = receipt(first.getEventId());
        assertThat(firstReceipt)
                .containsEntry("outcome", "projected")
                .containsEntry("items", 2)
                .containsEntry("items_won", 2)
                .containsEntry("source_topic", "feedback.v1");

        FeedbackBatch later = batch(project, T0, rating("u1", false, T0.plusSeconds(1)));
        FeedbackBatch older = batch(project, T0, rating("u1", true, T0.minusSeconds(1)));
        FeedbackBatch invalid = batch(
                project,
                T0,
                FeedbackItem.newBuilder()
                        .setUsageId("u3")
                        .setFeedbackTypeId(987_654)
                        .setFlag(true)
                        .setOccurredAt(T0)
                        .build());
        CompletionLogged logged = log(project, "u1", T0, "hello");
        pipeline.publish(later, "k");
        pipeline.publish(older, "k");
        pipeline.publish(invalid, "k");
        pipeline.publish(logged, "k");
        pipeline.publish(first, "k"); // a producer's retry: the same event again
        pipeline.awaitCaughtUp(Duration.ofSeconds(30));

        assertThat(receipt(later.getEventId())).containsEntry("items_won", 1);
        assertThat(receipt(older.getEventId()))
                .as("an item older than the register's is not written")
                .containsEntry("outcome", "projected")
                .containsEntry("items_won", 0);
        assertThat(receipt(invalid.getEventId()))
                .containsEntry("outcome", "dead-lettered")
                .containsEntry("reason", "invalid-event")
                .containsEntry("items_won", null);
        assertThat((String) receipt(invalid.getEventId()).get("detail")).contains("feedback_type_id");
        assertThat(receipt(logged.getEventId()))
                .containsEntry("outcome", "projected")
                .containsEntry("items", 1)
                .containsEntry("items_won", 1)
                .containsEntry("source_topic", "completion-logs.v1");
        assertThat(receipt(first.getEventId()))
                .as("the first decision stands: the copy won nothing, the receipt still says 2")
                .isEqualTo(firstReceipt);
    }

    @Test
    @DisplayName("the processor prunes receipts past the keep window through the function, and can delete nothing else")
    void pruningWithoutDeletePrivilege() {
        UUID project = pipeline.newProject();
        FeedbackBatch kept = batch(project, T0, rating("fresh", true, T0));
        pipeline.publish(kept, "k");
        pipeline.awaitCaughtUp(Duration.ofSeconds(30));
        UUID old = UUID.randomUUID();
        pipeline.jdbc()
                .sql("INSERT INTO event_receipt (event_id, project_id, outcome, items, items_won, source_topic,"
                        + " source_partition, source_offset, decided_at)"
                        + " VALUES (?, ?, 'projected', 1, 1, 'feedback.v1', 0, 0, now() - interval '8 days')")
                .param(old)
                .param(project)
                .update();

        try (HikariDataSource processorRole =
                infrastructure.postgres().newDataSource("receipts-test", PostgresServer.PROCESSOR)) {
            JdbcClient asProcessor = JdbcClient.create(processorRole);
            assertThatThrownBy(() -> asProcessor
                            .sql("DELETE FROM event_receipt WHERE event_id = ?")
                            .param(kept.getEventId())
                            .update())
                    .rootCause()
                    .hasMessageContaining("permission denied");
            // The processor's own timer may get there first: either way, through the function.
            asProcessor
                    .sql("SELECT prune_event_receipts(interval '7 days', 1000)")
                    .query(Integer.class)
                    .single();
            assertThat(asProcessor
                            .sql("SELECT prune_event_receipts(interval '1 second', 1000)")
                            .query(Integer.class)
                            .single())
                    .as("never younger than an hour, whoever asks")
                    .isZero();
        }
        assertThat(count(old)).isZero();
        assertThat(count(kept.getEventId())).isOne();
    }

    private Map<String, Object> receipt(UUID eventId) {
        return pipeline.jdbc()
                .sql("SELECT outcome, items, items_won, reason, detail, source_topic, source_partition, source_offset,"
                        + " decided_at FROM event_receipt WHERE event_id = ?")
                .param(eventId)
                .query()
                .singleRow();
    }

    private long count(UUID eventId) {
        return pipeline.jdbc()
                .sql("SELECT count(*) FROM event_receipt WHERE event_id = ?")
                .param(eventId)
                .query(Long.class)
                .single();
    }
}
