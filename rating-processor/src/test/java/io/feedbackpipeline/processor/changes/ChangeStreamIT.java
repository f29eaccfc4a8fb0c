package io.feedbackpipeline.processor.changes;

import static io.feedbackpipeline.processor.support.Pipeline.batch;
import static io.feedbackpipeline.processor.support.Pipeline.rating;
import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.processor.support.ChangeStreamReader;
import io.feedbackpipeline.processor.support.Pipeline;
import io.feedbackpipeline.processor.support.ProcessorIT;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackChange;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.FeedbackValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.Oid;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * Issue 23: the change stream carries exactly what the projection committed, through the real broker and database:
 * one change per register whose value changed, nothing for a write that lost, a duplicate or an unchanged value;
 * a statement's changes are one batch row and a rebuild's outbox rows keep their place among them; both are relayed by
 * whoever holds the relay lock, and wait for it without losing anything.
 */
@ProcessorIT
class ChangeStreamIT {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private Pipeline pipeline;
    private PipelineInfrastructure infrastructure;

    @Autowired
    private DefaultKafkaProducerFactory<String, FeedbackChange> changeProducers;

    @Autowired
    private DataSource processorDataSource;

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
    @DisplayName("a change per committed value change, in order, with its version; losers and copies emit nothing")
    void exactlyTheCommittedChanges() {
        UUID project = pipeline.newProject();
        FeedbackBatch first = batch(project, T0, rating("u1", true, T0));
        pipeline.publish(first, "u1");
        pipeline.awaitCaughtUp(Duration.ofSeconds(30));
        FeedbackBatch sameValueLater = batch(project, T0, rating("u1", true, T0.plusSeconds(1)));
        FeedbackBatch flipped = batch(project, T0, rating("u1", false, T0.plusSeconds(2)));
        FeedbackBatch older = batch(project, T0, rating("u1", true, T0.minusSeconds(5)));
        int score = pipeline.jdbc()
                .sql("INSERT INTO feedback_type (project_id, name, kind, min_value, max_value)"
                        + " VALUES (?, 'score', 'NUMERIC', 0, 10) RETURNING id")
                .param(project)
                .query(Integer.class)
                .single();
        FeedbackBatch scored = batch(
                project,
                T0,
                FeedbackItem.newBuilder()
                        .setUsageId("u2")
                        .setFeedbackTypeId(score)
                        .setValue(4.5)
                        .setComment("precise")
                        .setOccurredAt(T0)
                        .build());
        for (FeedbackBatch event : List.of(sameValueLater, flipped, older, first, scored)) {
            pipeline.publish(event, "u1");
        }
        pipeline.awaitCaughtUp(Duration.ofSeconds(30));

        try (ChangeStreamReader stream = new ChangeStreamReader(infrastructure, project)) {
            List<ConsumerRecord<String, FeedbackChange>> records = stream.until(changes -> changes.size() >= 3);
            assertThat(stream.after(Duration.ofSeconds(1)))
                    .as("nothing more comes")
                    .hasSize(3);

            List<FeedbackChange> u1 = records.stream()
                    .filter(r -> r.key().equals("u1"))
                    .map(ConsumerRecord::value)
                    .toList();
            assertThat(u1).hasSize(2);
            assertThat(u1.get(0).getBefore())
                    .as("a first rating has no value before")
                    .isNull();
            assertThat(u1.get(0).getAfter().getFlag()).isTrue();
            assertThat(u1.get(0).getEventId()).isEqualTo(first.getEventId());
            assertThat(u1.get(1).getBefore().getFlag())
                    .as("the same value at a later time was not a change")
                    .isTrue();
            assertThat(u1.get(1).getAfter().getFlag()).isFalse();
            assertThat(u1.get(1).getEventId()).isEqualTo(flipped.getEventId());
            assertThat(u1.get(1).getOccurredAt()).isEqualTo(T0.plusSeconds(2));
            assertThat(u1).allSatisfy(change -> {
                assertThat(change.getCause()).isEqualTo("projection");
                assertThat(change.getFeedbackTypeId()).isEqualTo(1);
            });

            FeedbackChange u2 = records.stream()
                    .filter(r -> r.key().equals("u2"))
                    .map(ConsumerRecord::value)
                    .findFirst()
                    .orElseThrow();
            assertThat(u2.getAfter())
                    .isEqualTo(FeedbackValue.newBuilder()
                            .setValue(4.5)
                            .setComment("precise")
                            .build());
            assertThat(u2.getFeedbackTypeId()).isEqualTo(score);
        }
        assertThat(pendingChanges(project))
                .as("relayed changes leave both tables")
                .isZero();
        assertThat(ChangeStreamReader.firstBytes(infrastructure))
                .as("Confluent's framing by default: a zero byte, then the schema id")
                .isNotEmpty()
                .containsOnly((byte) 0);
    }

    @Test
    @DisplayName("the relay's session killed: changes wait in the outbox while another holds the lock, then go out")
    void changesWaitForTheRelayLock() throws Exception {
        UUID project = pipeline.newProject();
        try (HeldRelayLock otherRelay = holdRelayLock()) {
            pipeline.publish(batch(project, T0, rating("held", true, T0)), "held");
            pipeline.awaitCaughtUp(Duration.ofSeconds(30));
            try (ChangeStreamReader stream = new ChangeStreamReader(infrastructure, project)) {
                assertThat(stream.after(Duration.ofSeconds(2)))
                        .as("nothing published without the lock")
                        .isEmpty();
            }
            assertThat(pendingChanges(project))
                    .as("the committed change waits in the outbox")
                    .isEqualTo(1);
        }
        try (ChangeStreamReader stream = new ChangeStreamReader(infrastructure, project)) {
            assertThat(stream.until(changes -> !changes.isEmpty()))
                    .singleElement()
                    .satisfies(record -> assertThat(record.key()).isEqualTo("held"));
        }
        assertThat(pendingChanges(project)).isZero();
    }

    @Test
    @DisplayName("the relay's producer closed by its factory, as when its context stops: the next change goes out")
    void relaysAfterItsProducerWasClosed() throws Exception {
        UUID project = pipeline.newProject();
        pipeline.publish(batch(project, T0, rating("before", true, T0)), "before");
        pipeline.awaitCaughtUp(Duration.ofSeconds(30));
        try (ChangeStreamReader stream = new ChangeStreamReader(infrastructure, project)) {
            assertThat(stream.until(changes -> !changes.isEmpty())).hasSize(1);
        }
        changeProducers.reset(); // closes the producer the relay used, as a stopping context does
        pipeline.publish(batch(project, T0, rating("after", false, T0)), "after");
        pipeline.awaitCaughtUp(Duration.ofSeconds(30));
        try (ChangeStreamReader stream = new ChangeStreamReader(infrastructure, project)) {
            assertThat(stream.until(changes -> changes.size() >= 2))
                    .extracting(ConsumerRecord::key)
                    .containsExactly("before", "after");
        }
        assertThat(pendingChanges(project)).isZero();
    }

    @Test
    @DisplayName("a statement's changes go out as one batch, and a rebuild's outbox rows in id order between batches")
    void batchesAndOutboxRowsInIdOrder() throws Exception {
        UUID project = pipeline.newProject();
        FeedbackItem[] many = new FeedbackItem[300];
        for (int i = 0; i < many.length; i++) {
            many[i] = rating("many-" + i, i % 2 == 0, T0);
        }
        try (HeldRelayLock otherRelay = holdRelayLock()) {
            pipeline.publish(batch(project, T0, rating("u1", true, T0)), "u1");
            pipeline.awaitCaughtUp(Duration.ofSeconds(30));
            insertRebuildRow(project, "u1", T0.plusSeconds(1));
            pipeline.publish(batch(project, T0, rating("u1", false, T0.plusSeconds(2))), "u1");
            pipeline.publish(batch(project, T0, many), "many");
            pipeline.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(batchRows(project))
                    .as("a batch row per statement (u1's second and the 300 items may share one), not per change")
                    .isBetween(2L, 3L);
            assertThat(pendingChanges(project)).isEqualTo(303);
        }
        try (ChangeStreamReader stream = new ChangeStreamReader(infrastructure, project)) {
            List<ConsumerRecord<String, FeedbackChange>> records = stream.until(changes -> changes.size() >= 303);
            assertThat(records.stream()
                            .filter(r -> r.key().equals("u1"))
                            .map(r -> r.value().getCause() + " " + r.value().getOccurredAt()))
                    .as("u1's changes in the order their ids were drawn, across both tables")
                    .containsExactly(
                            "projection " + T0, "rebuild " + T0.plusSeconds(1), "projection " + T0.plusSeconds(2));
            assertThat(records.stream()
                            .filter(r -> r.key().startsWith("many-"))
                            .map(r -> r.key() + " " + r.value().getAfter().getFlag()))
                    .as("every change of the 300-item statement, each with its own value")
                    .hasSize(300)
                    .doesNotHaveDuplicates()
                    .contains("many-0 true", "many-1 false", "many-299 false");
            assertThat(stream.after(Duration.ofSeconds(1))).hasSize(303);
        }
        assertThat(pendingChanges(project)).isZero();
        assertThat(batchRows(project)).isZero();
    }

    @Test
    @DisplayName("a batch reads the same whether the driver sends its uuid[] and boolean[] arrays as text or in binary")
    void batchReadsTheSameInTextAndBinary() throws Exception {
        UUID project = pipeline.newProject();
        try (HeldRelayLock otherRelay = holdRelayLock()) {
            pipeline.publish(batch(project, T0, rating("u1", true, T0), rating("u2", false, T0)), "first");
            pipeline.awaitCaughtUp(Duration.ofSeconds(30));
            pipeline.publish(
                    batch(project, T0, rating("u1", false, T0.plusSeconds(1)), rating("u3", true, T0)), "then");
            pipeline.awaitCaughtUp(Duration.ofSeconds(30));
            long newest = pipeline.jdbc()
                    .sql("SELECT max(id) FROM feedback_change_batches WHERE ? = ANY (project_id)")
                    .param(project)
                    .query(Long.class)
                    .single();
            try (Connection relays = processorDataSource.getConnection()) {
                BaseConnection driver = relays.unwrap(BaseConnection.class);
                assertThat(driver.getQueryExecutor().useBinaryForReceive(Oid.UUID_ARRAY))
                        .as("the processor's connections read uuid[] in binary (application.yml)")
                        .isTrue();
                assertThat(driver.getQueryExecutor().useBinaryForReceive(Oid.BOOL_ARRAY))
                        .isTrue();
                // The driver prepares a statement on the server, and only then reads in binary, from its fifth run.
                List<FeedbackChange> asText = newestBatch(relays, newest);
                for (int run = 2; run <= 8; run++) {
                    assertThat(newestBatch(relays, newest)).as("run " + run).isEqualTo(asText);
                }
                assertThat(asText)
                        .extracting(change -> change.getUsageId() + " "
                                + (change.getBefore() == null
                                        ? "new"
                                        : change.getBefore().getFlag() + "->"
                                                + change.getAfter().getFlag()))
                        .containsExactlyInAnyOrder("u1 true->false", "u3 new");
                assertThat(asText)
                        .allSatisfy(change -> assertThat(change.getProjectId()).isEqualTo(project));
            }
        }
    }

    @Test
    @DisplayName("a relay step reads the oldest batches until they hold its budget of changes, in id order, one cursor")
    void aStepReadsBatchesUpToItsBudget() throws Exception {
        UUID project = pipeline.newProject();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> pipeline.jdbc()
                                .sql("SELECT count(*) FROM feedback_change_batches")
                                .query(Long.class)
                                .single()
                        == 0);
        try (HeldRelayLock otherRelay = holdRelayLock();
                Connection relays = processorDataSource.getConnection()) {
            pipeline.publish(batch(project, T0, rating("a1", true, T0), rating("a2", true, T0)), "a");
            pipeline.awaitCaughtUp(Duration.ofSeconds(30));
            pipeline.publish(
                    batch(project, T0, rating("b1", true, T0), rating("b2", true, T0), rating("b3", true, T0)), "b");
            pipeline.awaitCaughtUp(Duration.ofSeconds(30));
            pipeline.publish(batch(project, T0, rating("c1", true, T0)), "c");
            pipeline.awaitCaughtUp(Duration.ofSeconds(30));
            assertThat(batchRows(project))
                    .as("one batch row per record, each its own transaction")
                    .isEqualTo(3);

            assertThat(usageIds(ChangeBatches.oldest(relays, Long.MAX_VALUE, 1)))
                    .as("the oldest batch whole, though it holds more than the budget")
                    .containsExactly(List.of("a1", "a2"));
            assertThat(usageIds(ChangeBatches.oldest(relays, Long.MAX_VALUE, 4)))
                    .as("then more until the budget is reached, the last one whole")
                    .containsExactly(List.of("a1", "a2"), List.of("b1", "b2", "b3"));
            List<ChangeBatches.Batch> all = ChangeBatches.oldest(relays, Long.MAX_VALUE, 5_000);
            assertThat(usageIds(all)).containsExactly(List.of("a1", "a2"), List.of("b1", "b2", "b3"), List.of("c1"));
            assertThat(usageIds(ChangeBatches.oldest(relays, all.get(2).id(), 5_000)))
                    .as("only those older than the bound (the oldest outbox row)")
                    .hasSize(2);
            assertThat(relays.getAutoCommit())
                    .as("the session is left in autocommit")
                    .isTrue();

            ChangeBatches.delete(relays, all.subList(0, 2));
            assertThat(usageIds(ChangeBatches.oldest(relays, Long.MAX_VALUE, 5_000)))
                    .containsExactly(List.of("c1"));
        }
        try (ChangeStreamReader stream = new ChangeStreamReader(infrastructure, project)) {
            assertThat(stream.until(changes -> !changes.isEmpty()))
                    .as("the relay, back with the lock, publishes what was left")
                    .singleElement()
                    .satisfies(record -> assertThat(record.key()).isEqualTo("c1"));
        }
        assertThat(pendingChanges(project)).isZero();
    }

    private static List<List<String>> usageIds(List<ChangeBatches.Batch> batches) {
        return batches.stream()
                .map(batch -> batch.changes().stream()
                        .map(FeedbackChange::getUsageId)
                        .sorted()
                        .toList())
                .toList();
    }

    /** The changes of the batch {@code newest}, read as a relay step reads the oldest batches up to it. */
    private static List<FeedbackChange> newestBatch(Connection relays, long newest) throws SQLException {
        List<ChangeBatches.Batch> batches = ChangeBatches.oldest(relays, newest + 1, Integer.MAX_VALUE);
        ChangeBatches.Batch last = batches.get(batches.size() - 1);
        assertThat(last.id()).isEqualTo(newest);
        return last.changes();
    }

    /** An outbox row as a rebuild's swap writes one: its id drawn from the outbox's sequence, cause {@code rebuild}. */
    private void insertRebuildRow(UUID project, String usageId, Instant occurredAt) {
        pipeline.jdbc()
                .sql("""
                        INSERT INTO feedback_change_outbox (project_id, usage_id, feedback_type_id, existed_before,
                            before_flag, exists_after, after_flag, occurred_at, event_id, item_index, cause)
                        VALUES (?, ?, 1, true, true, true, true, ?, gen_random_uuid(), 0, 'rebuild')""")
                .param(project)
                .param(usageId)
                .param(Timestamp.from(occurredAt))
                .update();
    }

    private long batchRows(UUID project) {
        return pipeline.jdbc()
                .sql("SELECT count(*) FROM feedback_change_batches WHERE ? = ANY (project_id)")
                .param(project)
                .query(Long.class)
                .single();
    }

    /**
     * Terminates the processor's relay session (its lock goes with it) and takes the lock, on a session of its own,
     * before the relay, which retries a round later, gets it back.
     */
    private HeldRelayLock holdRelayLock() throws Exception {
        Connection session = infrastructure.dataSource().getConnection();
        try {
            takeRelayLock(session);
            return new HeldRelayLock(session);
        } catch (Exception | AssertionError e) {
            session.close();
            throw e;
        }
    }

    /** The relay lock held by a session that is not the processor's, as another processor's relay would. */
    private record HeldRelayLock(Connection session) implements AutoCloseable {

        @Override
        public void close() throws SQLException {
            // A pooled session outlives close(), so let go of the lock explicitly, as a relay's dying session would.
            try (session;
                    Statement unlock = session.createStatement()) {
                unlock.execute("SELECT pg_advisory_unlock_all()");
            }
        }
    }

    private void takeRelayLock(Connection session) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection admin = infrastructure.postgres().superuser().getConnection();
                PreparedStatement terminate = admin.prepareStatement("""
                        SELECT pg_terminate_backend(pid) FROM pg_locks
                         WHERE locktype = 'advisory' AND granted AND ((classid::bigint << 32) | objid::bigint) = ?""");
                PreparedStatement lock = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            terminate.setLong(1, ChangeRelay.RELAY_LOCK);
            lock.setLong(1, ChangeRelay.RELAY_LOCK);
            while (System.nanoTime() < deadline) {
                terminate.executeQuery().close();
                try (ResultSet granted = lock.executeQuery()) {
                    if (granted.next() && granted.getBoolean(1)) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError("the relay lock was never free");
    }

    /** The project's changes not yet relayed, in either table (the view of V17). */
    private long pendingChanges(UUID project) {
        return pipeline.jdbc()
                .sql("SELECT count(*) FROM feedback_change_pending WHERE project_id = ?")
                .param(project)
                .query(Long.class)
                .single();
    }
}
