package io.feedbackpipeline.projection.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedbackpipeline.catalog.CachedCatalog;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.localstack.junit.FeedbackRecords;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.Sql;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import io.feedbackpipeline.projection.Projector;
import io.feedbackpipeline.projection.intake.Intake;
import io.feedbackpipeline.projection.receipt.DecidedBefore;
import io.feedbackpipeline.projection.replay.TopicReader;
import io.feedbackpipeline.projection.store.ProjectionDigest;
import io.feedbackpipeline.projection.store.ProjectionWriter;
import io.feedbackpipeline.projection.store.Transactions;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.EventSerializer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A rebuild is safe to run, to crash and to run twice: each fault is caused for real on the real servers (a second
 * rebuild, a rebuild killed after its swap, a session holding the live tables, a topic that grows faster than the
 * final catch-up can drain).
 */
@WithPipelineInfrastructure
class SafeRebuildIT {

    private static final Duration PATIENT = Duration.ofSeconds(30);

    PipelineInfrastructure infrastructure;
    DataSource owner;
    UUID project;

    @BeforeEach
    void open(PipelineInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
        this.owner = infrastructure.dataSource();
        this.project = new CatalogAdmin(owner)
                .createProject("rebuild-" + UUID.randomUUID())
                .id();
    }

    @Test
    @DisplayName("a second rebuild while one runs is refused, and leaves the first one's shadow tables alone")
    void concurrentRebuildRefused() throws Exception {
        FeedbackRecords.produceThumbs(infrastructure.bootstrapServers(), project, 20);
        try (RebuildLock first = RebuildLock.tryAcquire(owner).orElseThrow()) {
            new ShadowTables(owner, Duration.ofSeconds(2)).create();
            assertThatThrownBy(() -> rebuild(Rebuild.Settings.DEFAULT))
                    .isInstanceOf(Rebuild.RebuildRefused.class)
                    .hasMessageContaining("another rebuild is running");
            assertThat(tableExists(ProjectionTables.SHADOW.feedback()))
                    .as("the first one's shadow table")
                    .isTrue();
        }
        rebuild(Rebuild.Settings.DEFAULT);
        assertThat(tableExists(ProjectionTables.SHADOW.feedback())).isFalse();
    }

    @Test
    @DisplayName("a rebuild's statements may run far longer than the processor's (each writes a whole chunk); its lock"
            + " waits stay short")
    void statementsSizedForWholeChunks() throws SQLException {
        List<String> timeouts = Rebuild.transactions(owner).inTransaction(session -> {
            try (Statement sql = session.createStatement();
                    ResultSet row = sql.executeQuery(
                            "SELECT current_setting('statement_timeout'), current_setting('lock_timeout')")) {
                row.next();
                return List.of(row.getString(1), row.getString(2));
            }
        });
        assertThat(timeouts).containsExactly("30min", "10s");
        assertThat(Rebuild.TIMEOUTS.statement()).isGreaterThan(Transactions.Timeouts.DEFAULT.statement());
    }

    @Test
    @DisplayName(
            "a rebuild that crashed after its swap is finished by the next: old tables dropped, names and keys back")
    void crashAfterSwapIsFinished() throws Exception {
        FeedbackRecords.produceThumbs(infrastructure.bootstrapServers(), project, 20);
        rebuild(Rebuild.Settings.DEFAULT);
        String before = digest();
        // What a rebuild leaves when it is killed between committing its swap and dropping the retired tables.
        ShadowTables shadow = new ShadowTables(owner, Duration.ofSeconds(2));
        shadow.create();
        execute("INSERT INTO completion_feedback_rebuild SELECT * FROM completion_feedback");
        execute("INSERT INTO completion_log_rebuild SELECT * FROM completion_log");
        execute("ALTER TABLE completion_feedback RENAME TO completion_feedback_old;"
                + " ALTER TABLE completion_log RENAME TO completion_log_old;"
                + " ALTER TABLE completion_feedback_rebuild RENAME TO completion_feedback;"
                + " ALTER TABLE completion_log_rebuild RENAME TO completion_log");
        assertThat(tableExists(ProjectionTables.RETIRED.feedback())).isTrue();
        assertThat(indexExists("completion_feedback_pkey")).isTrue(); // still on the retired table

        rebuild(Rebuild.Settings.DEFAULT);

        assertThat(tableExists(ProjectionTables.RETIRED.feedback())).isFalse();
        assertThat(tableExists(ProjectionTables.RETIRED.log())).isFalse();
        assertThat(indexOf("completion_feedback_pkey")).isEqualTo("completion_feedback");
        assertThat(indexOf("completion_log_pkey")).isEqualTo("completion_log");
        assertThat(foreignKeys("completion_feedback"))
                .containsExactlyInAnyOrder(
                        "completion_feedback_project_id_fkey NOT ENFORCED",
                        "completion_feedback_feedback_type_id_fkey NOT ENFORCED");
        assertThat(foreignKeys("completion_log")).containsExactly("completion_log_project_id_fkey NOT ENFORCED");
        assertThat(digest()).isEqualTo(before);
    }

    @Test
    @DisplayName("a long transaction on the live tables does not use up the swap's attempts: it retries once it ends")
    void longHolderIsWaitedOutWithoutQueueing() throws Exception {
        FeedbackRecords.produceThumbs(infrastructure.bootstrapServers(), project, 20);
        CountDownLatch release = new CountDownLatch(1);
        // What the full benchmark run met (2026-12-05): a long reader of the live tables, there the processor's
        // refresh of the analytics rollup over an hour of millions of rows, outlasting every attempt's lock wait.
        CompletableFuture<Void> longReader = holdInTransaction("SELECT count(*) FROM completion_feedback", release);

        Rebuild.Settings settings =
                new Rebuild.Settings(1_000, 10, 2, PATIENT, Duration.ofMillis(300), Duration.ofMinutes(2), false);
        CompletableFuture<Integer> attempts = CompletableFuture.supplyAsync(() -> rebuild(settings));
        awaitSwapBlocked();
        // Both attempts' lock waits (2 x 300 ms) would have run out many times over by now.
        Thread.sleep(3_000);
        assertThat(attempts).as("the rebuild, still waiting for the reader").isNotDone();
        release.countDown();
        longReader.get(10, TimeUnit.SECONDS);

        assertThat(attempts.get(60, TimeUnit.SECONDS)).as("swap attempts").isEqualTo(2);
        assertThat(tableExists(ProjectionTables.SHADOW.feedback())).isFalse();
    }

    @Test
    @DisplayName("the swap waits at most lock_timeout for the live tables, so readers never queue long; it retries")
    void swapWaitsBoundedAndRetries() throws Exception {
        FeedbackRecords.produceThumbs(infrastructure.bootstrapServers(), project, 20);
        CountDownLatch release = new CountDownLatch(1);
        // A writer mid-transaction.
        CompletableFuture<Void> holder =
                holdInTransaction("LOCK TABLE completion_feedback IN ROW EXCLUSIVE MODE", release);
        AtomicBoolean reading = new AtomicBoolean(true);
        AtomicLong slowestReadMillis = new AtomicLong();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            while (reading.get()) {
                long began = System.nanoTime();
                try {
                    count();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                slowestReadMillis.accumulateAndGet((System.nanoTime() - began) / 1_000_000, Math::max);
            }
        });

        Rebuild.Settings settings =
                new Rebuild.Settings(1_000, 10, 50, PATIENT, Duration.ofMillis(300), Duration.ZERO, false);
        CompletableFuture<Integer> attempts = CompletableFuture.supplyAsync(() -> rebuild(settings));
        awaitSwapBlocked();
        Thread.sleep(1_000); // that attempt times out on the lock (300 ms) and the next ones wait too
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);
        int tookAttempts = attempts.get(60, TimeUnit.SECONDS);
        reading.set(false);
        reader.get(10, TimeUnit.SECONDS);

        assertThat(tookAttempts).as("swap attempts").isGreaterThan(1);
        assertThat(slowestReadMillis.get())
                .as("longest a reader waited behind the swap, ms")
                .isLessThan(2_000);
        assertThat(tableExists(ProjectionTables.SHADOW.feedback())).isFalse();
    }

    @Test
    @DisplayName("no swap unless the final catch-up reached the end offsets: the live tables stay as they were")
    void noSwapUnlessCaughtUp() throws Exception {
        FeedbackRecords.produceThumbs(infrastructure.bootstrapServers(), project, 20);
        rebuild(Rebuild.Settings.DEFAULT);
        String before = digest();
        AtomicBoolean producing = new AtomicBoolean(true);
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> stream(producing));
        try {
            // No catch-up rounds and 1 ms for the final one while records keep arriving: it can never reach the end.
            Rebuild.Settings hopeless = new Rebuild.Settings(
                    Long.MAX_VALUE, 0, 3, Duration.ofMillis(1), Duration.ofSeconds(2), Duration.ZERO, false);
            assertThatThrownBy(() -> rebuild(hopeless))
                    .isInstanceOf(Rebuild.RebuildRefused.class)
                    .hasMessageContaining("live tables are unchanged");
            assertThat(digest())
                    .as("the live tables, untouched by the failed rebuild")
                    .isEqualTo(before);
        } finally {
            producing.set(false);
            stream.get(30, TimeUnit.SECONDS);
        }
        rebuild(Rebuild.Settings.DEFAULT);
        assertThat(tableExists(ProjectionTables.SHADOW.feedback())).isFalse();
    }

    /**
     * Issue 19 item 11: a rebuild started at the topics' beginning offsets and swapped without noticing that retention
     * had deleted their oldest records. The shared topics must keep their history for the other tests, so the loss is
     * made for real (deleteRecords) on a topic of this test's own, read as the feedback topic.
     */
    @Test
    @DisplayName("a rebuild is refused when a partition no longer starts at offset 0, naming what is gone, unless told")
    void truncatedHistoryIsRefused() throws Exception {
        String topic = "history-loss-" + UUID.randomUUID();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            try (KafkaProducer<String, FeedbackBatch> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()),
                    new StringSerializer(),
                    Topics.FEEDBACK.valueSerializer())) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>(
                                    topic, "k", FeedbackRecords.thumb(project, "lost-" + i, true, Instant.now())))
                            .get();
                }
            }
            TopicPartition partition = new TopicPartition(topic, 0);
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(2)))
                    .all()
                    .get();
            String before = digest();

            assertThatThrownBy(() -> rebuild(Rebuild.Settings.DEFAULT, List.of(topic)))
                    .isInstanceOf(Rebuild.RebuildRefused.class)
                    .hasMessageContaining(topic + "-0 starts at offset 2: 2 record(s) gone")
                    .hasMessageContaining("--accept-history-loss");
            assertThat(digest()).as("the live tables are unchanged").isEqualTo(before);
            assertThat(tableExists(ProjectionTables.SHADOW.feedback())).isFalse();

            rebuild(Rebuild.Settings.DEFAULT.acceptingHistoryLoss(), List.of(topic));
            assertThat(projectedUsageIds()).containsExactlyInAnyOrder("lost-2", "lost-3", "lost-4");
        } finally {
            rebuild(Rebuild.Settings.DEFAULT); // the shared topics' projection back for the other tests
        }
    }

    /** Issue 20 item 6: the shadow tables restated V1's foreign keys, so one a later migration added vanished. */
    @Test
    @DisplayName("a foreign key a later migration added is on the live table again after a rebuild")
    void laterForeignKeysSurvive() throws Exception {
        FeedbackRecords.produceThumbs(infrastructure.bootstrapServers(), project, 5);
        execute("ALTER TABLE completion_log ADD CONSTRAINT completion_log_endpoint_later_fkey"
                + " FOREIGN KEY (endpoint_id) REFERENCES endpoint (id)");
        try {
            rebuild(Rebuild.Settings.DEFAULT);

            assertThat(constraintDefinition("completion_log_endpoint_later_fkey"))
                    .isEqualTo("FOREIGN KEY (endpoint_id) REFERENCES endpoint(id)");
            assertThat(constraintDefinition("completion_feedback_feedback_type_id_fkey"))
                    .isEqualTo("FOREIGN KEY (feedback_type_id) REFERENCES feedback_type(id) NOT ENFORCED");
        } finally {
            execute("ALTER TABLE completion_log DROP CONSTRAINT IF EXISTS completion_log_endpoint_later_fkey");
        }
    }

    private String constraintDefinition(String name) throws SQLException {
        try (java.sql.Connection connection = owner.getConnection();
                java.sql.PreparedStatement query = connection.prepareStatement(
                        "SELECT pg_get_constraintdef(oid) || CASE WHEN conenforced AND NOT convalidated"
                                + " THEN ' (not validated)' ELSE '' END FROM pg_constraint WHERE conname = ?")) {
            query.setString(1, name);
            try (java.sql.ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    @Test
    @DisplayName(
            "a rebuild that changes nothing records no change; one that finds drift records exactly what it changes")
    void swapRecordsWhatItChanges() throws Exception {
        FeedbackRecords.produceThumbs(infrastructure.bootstrapServers(), project, 20);
        rebuild(Rebuild.Settings.DEFAULT);
        assertThat(rebuildChanges())
                .as("into empty tables: every register is new")
                .hasSize(20)
                .allSatisfy(change -> assertThat(change).startsWith("false null true"));

        rebuild(Rebuild.Settings.DEFAULT);
        assertThat(rebuildChanges())
                .as("the same history again: nothing changes")
                .hasSize(20);

        List<String> usageIds = projectedUsageIds().stream().sorted().toList();
        Map<String, Boolean> truth = flags();
        try (Connection connection = owner.getConnection();
                Statement sql = connection.createStatement()) {
            // Drift, as a hand edit or a bug would leave it: one value flipped, one register lost, one invented.
            sql.execute("UPDATE completion_feedback SET flag = NOT flag WHERE usage_id = '" + usageIds.get(0) + "'");
            sql.execute("DELETE FROM completion_feedback WHERE usage_id = '" + usageIds.get(1) + "'");
            sql.execute("INSERT INTO completion_feedback (project_id, usage_id, feedback_type_id, flag, display_value,"
                    + " occurred_at, event_id, item_index, received_at, source_topic, source_partition, source_offset)"
                    + " SELECT project_id, 'invented', 1, true, 'true', occurred_at, event_id, 0, received_at,"
                    + " source_topic, source_partition, source_offset FROM completion_feedback WHERE usage_id = '"
                    + usageIds.get(2) + "'");
        }
        rebuild(Rebuild.Settings.DEFAULT);

        List<String> changes = rebuildChanges();
        assertThat(changes.subList(20, changes.size()))
                .containsExactlyInAnyOrder(
                        "true " + !truth.get(usageIds.get(0)) + " true " + truth.get(usageIds.get(0)) + " "
                                + usageIds.get(0),
                        "false null true " + truth.get(usageIds.get(1)) + " " + usageIds.get(1),
                        "true true false null invented");
    }

    @Test
    @DisplayName("a rebuild records receipts only for the events the live processor had not decided when it began")
    void receiptsOnlyPastTheLiveProcessor() throws Exception {
        FeedbackRecords.produceThumbs(infrastructure.bootstrapServers(), project, 6);
        // A processor group that decided these six (their receipts pruned since, or never kept) ...
        String group = "decided-" + UUID.randomUUID();
        commitEndOffsets(group);
        // ... and four events it has not reached yet.
        FeedbackRecords.produceThumbs(infrastructure.bootstrapServers(), project, 4);

        rebuild(Rebuild.Settings.DEFAULT, DecidedBefore.committedBy(infrastructure.bootstrapServers(), group, PATIENT));
        assertThat(count()).as("every event is projected").isEqualTo(10);
        assertThat(receipts())
                .as("receipts of the events past the group's offsets only")
                .isEqualTo(4);

        rebuild(
                Rebuild.Settings.DEFAULT,
                DecidedBefore.committedBy(infrastructure.bootstrapServers(), "nobody-" + UUID.randomUUID(), PATIENT));
        assertThat(receipts())
                .as("a group without offsets: every event's receipt is recorded, as without a group")
                .isEqualTo(10);
    }

    /** Commits, for {@code group}, the end offsets of both topics' partitions now. */
    private void commitEndOffsets(String group) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            admin.describeTopics(List.of(Topics.FEEDBACK.name(), Topics.COMPLETION_LOGS.name()))
                    .allTopicNames()
                    .get()
                    .forEach((topic, description) -> description
                            .partitions()
                            .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, OffsetAndMetadata> ends = new java.util.HashMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get()
                    .forEach((partition, end) -> ends.put(partition, new OffsetAndMetadata(end.offset())));
            admin.alterConsumerGroupOffsets(group, ends).all().get();
        }
    }

    private long receipts() throws SQLException {
        return Long.parseLong(query("SELECT count(*) FROM event_receipt WHERE project_id = '" + project + "'")
                .get(0));
    }

    /** The project's outbox rows a rebuild wrote, oldest first: "existed before, after exists, after usage_id". */
    private List<String> rebuildChanges() throws SQLException {
        List<String> changes = new ArrayList<>();
        try (Connection connection = owner.getConnection();
                java.sql.PreparedStatement query = connection.prepareStatement("""
                        SELECT existed_before, before_flag, exists_after, after_flag, usage_id
                          FROM feedback_change_outbox WHERE project_id = ? AND cause = 'rebuild' ORDER BY id""")) {
            query.setObject(1, project);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    changes.add(rows.getBoolean(1) + " " + rows.getObject(2) + " " + rows.getBoolean(3) + " "
                            + rows.getObject(4) + " " + rows.getString(5));
                }
            }
        }
        return changes;
    }

    private Map<String, Boolean> flags() throws SQLException {
        Map<String, Boolean> flags = new java.util.HashMap<>();
        try (Connection connection = owner.getConnection();
                java.sql.PreparedStatement query = connection.prepareStatement(
                        "SELECT usage_id, flag FROM completion_feedback WHERE project_id = ?")) {
            query.setObject(1, project);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    flags.put(rows.getString(1), rows.getBoolean(2));
                }
            }
        }
        return flags;
    }

    private List<String> projectedUsageIds() throws SQLException {
        List<String> usageIds = new java.util.ArrayList<>();
        try (java.sql.Connection connection = owner.getConnection();
                java.sql.PreparedStatement query =
                        connection.prepareStatement("SELECT usage_id FROM completion_feedback WHERE project_id = ?")) {
            query.setObject(1, project);
            try (java.sql.ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    usageIds.add(rows.getString(1));
                }
            }
        }
        return usageIds;
    }

    private int rebuild(Rebuild.Settings settings) {
        return rebuild(settings, List.of(Topics.FEEDBACK.name(), Topics.COMPLETION_LOGS.name()));
    }

    private int rebuild(Rebuild.Settings settings, List<String> topics) {
        return rebuild(settings, topics, DecidedBefore.NOTHING);
    }

    private int rebuild(Rebuild.Settings settings, DecidedBefore decided) {
        return rebuild(settings, List.of(Topics.FEEDBACK.name(), Topics.COMPLETION_LOGS.name()), decided);
    }

    private int rebuild(Rebuild.Settings settings, List<String> topics, DecidedBefore decided) {
        Projector projector = new Projector(
                new Intake(new CachedCatalog(owner), 8 * 1024 * 1024),
                new ProjectionWriter(Rebuild.transactions(owner), ProjectionTables.SHADOW),
                Rebuild.TRANSACTIONS,
                decided);
        try (TopicReader reader = new TopicReader(
                infrastructure.bootstrapServers(), topics, new TopicReader.Chunk(500, Rebuild.CHUNK.bytes()))) {
            return new Rebuild(owner, settings)
                    .run(reader, projector, chunk -> {})
                    .attempts();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A session of its own that runs {@code statement} in a transaction and keeps what it locked until {@code release}
     * (then rolls back); returns once the locks are held.
     */
    private CompletableFuture<Void> holdInTransaction(String statement, CountDownLatch release)
            throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
            try (Connection session = owner.getConnection();
                    Statement sql = session.createStatement()) {
                session.setAutoCommit(false);
                sql.execute(statement);
                held.countDown();
                release.await(180, TimeUnit.SECONDS);
                session.rollback();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        return holder;
    }

    /** Thousands of records a second until told to stop. */
    private void stream(AtomicBoolean producing) {
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        infrastructure.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new StringSerializer(),
                new EventSerializer<>())) {
            while (producing.get()) {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                String usage = "s-" + UUID.randomUUID();
                producer.send(new ProducerRecord<>(
                        Topics.FEEDBACK.name(), usage, FeedbackRecords.thumb(project, usage, true, now)));
            }
            producer.flush();
        }
    }

    private String digest() {
        return ProjectionDigest.of(owner, ProjectionTables.LIVE, project);
    }

    private long count() throws SQLException {
        return Long.parseLong(query("SELECT count(*) FROM completion_feedback WHERE project_id = '" + project + "'")
                .get(0));
    }

    /**
     * Waits until the swap waits for the writer's lock. The rebuild first replays both topics from the start, which
     * after this class's other tests takes from a second to a minute on a busy machine, so a fixed sleep could
     * release the writer before the first attempt. It watches on its own connection, outside the pool the holder,
     * the reader and the rebuild share.
     */
    private void awaitSwapBlocked() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        try (Connection watcher = DriverManager.getConnection(
                        infrastructure.jdbcUrl(), PostgresServer.OWNER.name(), PostgresServer.OWNER.password());
                Statement sql = watcher.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet waiting = sql.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE wait_event_type = 'Lock' AND query LIKE 'LOCK TABLE%ACCESS EXCLUSIVE%'")) {
                    waiting.next();
                    if (waiting.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the rebuild never tried to swap within 120 s");
    }

    private boolean tableExists(String table) throws SQLException {
        return !query("SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = '" + table + "'")
                .isEmpty();
    }

    private boolean indexExists(String index) throws SQLException {
        return !query("SELECT 1 FROM pg_indexes WHERE indexname = '" + index + "'")
                .isEmpty();
    }

    private String indexOf(String index) throws SQLException {
        return query("SELECT tablename FROM pg_indexes WHERE indexname = '" + index + "'")
                .get(0);
    }

    /** Each foreign key's name and how it is checked: enforced keys must be validated, V18's are not enforced. */
    private List<String> foreignKeys(String table) throws SQLException {
        return query("SELECT conname || CASE WHEN NOT conenforced THEN ' NOT ENFORCED'"
                + " WHEN NOT convalidated THEN ' NOT VALID' ELSE '' END"
                + " FROM pg_constraint WHERE conrelid = '" + table + "'::regclass AND contype = 'f'");
    }

    private void execute(String statements) throws SQLException {
        new Sql(owner).execute(statements);
    }

    private List<String> query(String select) throws SQLException {
        return new Sql(owner).column(select);
    }
}
