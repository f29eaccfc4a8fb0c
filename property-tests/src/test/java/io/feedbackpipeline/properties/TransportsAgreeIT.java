package io.feedbackpipeline.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.CatalogMigrations;
import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.localstack.FreePorts;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import io.feedbackpipeline.merge.FeedbackWrite;
import io.feedbackpipeline.merge.LogKey;
import io.feedbackpipeline.merge.LogVersion;
import io.feedbackpipeline.merge.LogWrite;
import io.feedbackpipeline.merge.Merge;
import io.feedbackpipeline.merge.Origin;
import io.feedbackpipeline.merge.RegisterKey;
import io.feedbackpipeline.merge.Version;
import io.feedbackpipeline.projection.receipt.Receipt;
import io.feedbackpipeline.projection.store.ProjectionWriter;
import io.feedbackpipeline.projection.store.RowTransport;
import io.feedbackpipeline.projection.store.Transactions;
import io.feedbackpipeline.schemas.CompletionLogged;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The two ways the writer sends rows (binary COPY into a staging table, and one SQL array per column) leave the
 * database in the same state: the same random deliveries (duplicates, reorderings, version ties, nulls, text that SQL
 * arrays must quote) written through each, on the real database, give the same registers, logs, rollup marks,
 * change-stream rows and receipts, and the writer reports the same counts. And the ratings the upsert now projects
 * into the log rows in its own statement are the ones the join it replaced projected.
 */
class TransportsAgreeIT {

    private static final Instant BASE = Instant.parse("2026-12-04T10:00:00Z");
    /** Text a SQL array literal must quote or escape, and text beyond Latin-1. */
    private static final List<String> AWKWARD = List.of(
            "",
            " ",
            "NULL",
            "null",
            "\"",
            "\\",
            "{",
            "}",
            ",",
            "a,b",
            "{x,y}",
            "'; DROP TABLE x; --",
            "é",
            "€",
            "😀",
            "line\nbreak",
            "tab\there",
            "\\\"{}");

    private static Path directory;
    private static PostgresServer postgres;
    private static HikariDataSource owner;
    private static HikariDataSource writerRole;
    private static UUID project;
    private static int stars;
    private static List<UUID> endpoints;

    /** One item of a delivery: a rating (log == null) or a completion log. */
    record Item(FeedbackWrite rating, LogWrite log) {}

    @BeforeContainer
    static void start() throws IOException {
        directory = Files.createTempDirectory("transports-agree-");
        postgres = PostgresServer.start(new PostgresServer.Settings(directory.resolve("postgres"), FreePorts.pick()));
        owner = postgres.newDataSource("transports-owner");
        CatalogMigrations.migrate(owner, CatalogMigrations.ServiceRoles.DEFAULT);
        writerRole = owner;
        CatalogAdmin catalog = new CatalogAdmin(owner);
        project = catalog.createProject("transports").id();
        stars = catalog.createFeedbackType(project, "stars", FeedbackKind.NUMERIC, 0.0, 5.0)
                .orElseThrow()
                .id();
        endpoints = List.of(
                catalog.createEndpoint(project, "e0").id(),
                catalog.createEndpoint(project, "e1").id());
    }

    @AfterContainer
    static void stop() {
        owner.close();
        postgres.close();
    }

    @Property(tries = 150)
    @Label("binary COPY and SQL arrays write the same rows and report the same counts")
    void transportsAgree(@ForAll("deliveries") List<List<Item>> deliveries) throws SQLException {
        List<String> viaArrays = writeAll(RowTransport.ARRAYS, deliveries);
        List<String> viaCopy = writeAll(RowTransport.COPY, deliveries);

        assertThat(viaCopy).isEqualTo(viaArrays);
        // Every delivery holds an item, and a delivery of logs alone (an edge case jqwik tries) writes no feedback row.
        assertThat(viaArrays)
                .as("the deliveries wrote something")
                .anyMatch(line -> line.startsWith("feedback ") || line.startsWith("log "));
    }

    /**
     * The statement that projected ratings until 2026-12-06, after the log upsert of the same transaction: every type-1
     * key of the delivery joined to its register, whose flag the log row then got (created if missing).
     */
    private static final String JOINED_RATINGS = """
            INSERT INTO completion_log AS l (project_id, usage_id, positive_rating)
            SELECT f.project_id, f.usage_id, f.flag
              FROM unnest(?::text[]) AS k(usage_id)
              JOIN completion_feedback f
                ON f.project_id = ?::uuid AND f.usage_id = k.usage_id AND f.feedback_type_id = 1
            ON CONFLICT (project_id, usage_id) DO UPDATE SET positive_rating = EXCLUDED.positive_rating
            WHERE l.positive_rating IS DISTINCT FROM EXCLUDED.positive_rating""";

    /**
     * The writer now copies a type-1 register's flag into its log row from the upsert's own RETURNING, only for the
     * registers it wrote; the join ran for every type-1 key of the delivery. Run after each delivery, the join must
     * find nothing to insert or change: every rated log row exists and holds its register's flag.
     */
    @Property(tries = 150)
    @Label("the ratings projected by the upsert leave nothing for the join it replaced to project")
    void ratingsAreProjectedAsTheJoinDid(@ForAll("deliveries") List<List<Item>> deliveries) throws SQLException {
        ProjectionWriter writer = new ProjectionWriter(
                new Transactions(writerRole, Transactions.Timeouts.DEFAULT), ProjectionTables.LIVE);
        try (Connection connection = owner.getConnection();
                PreparedStatement joinedRatings = connection.prepareStatement(JOINED_RATINGS)) {
            for (List<Item> delivery : deliveries) {
                List<FeedbackWrite> ratings = Merge.feedback(delivery.stream()
                        .filter(item -> item.log() == null)
                        .map(Item::rating)
                        .toList());
                writer.write(
                        ratings,
                        Merge.logs(delivery.stream()
                                .filter(item -> item.log() != null)
                                .map(Item::log)
                                .toList()),
                        receipts(delivery));
                Object[] rated = ratings.stream()
                        .filter(rating -> rating.key().feedbackTypeId() == 1)
                        .map(rating -> rating.key().usageId())
                        .toArray();
                joinedRatings.setArray(1, connection.createArrayOf("text", rated));
                joinedRatings.setObject(2, project);
                assertThat(joinedRatings.executeUpdate())
                        .as("log rows the join would still insert or change after %s", delivery)
                        .isZero();
            }
            assertThat(JdbcClient.create(owner)
                            .sql("SELECT count(*) FROM completion_feedback f LEFT JOIN completion_log l"
                                    + " USING (project_id, usage_id) WHERE f.project_id = ? AND f.feedback_type_id = 1"
                                    + " AND (l.usage_id IS NULL OR l.positive_rating IS DISTINCT FROM f.flag)")
                            .param(project)
                            .query(Long.class)
                            .single())
                    .as("thumbs registers whose log row is missing or holds another flag")
                    .isZero();
        } finally {
            forget();
        }
    }

    /**
     * A role the DBA left without TEMPORARY: the copying writer sends arrays instead and writes the same rows, rather
     * than stalling on a refusal no retry mends; granted again, it copies again. Revoked for real, as the processor.
     */
    @Example
    @Label("a role that may not create temporary tables writes by arrays, and by COPY once it may again")
    void withoutTemporaryTablesTheWriterSendsArrays() throws SQLException {
        UUID event = UUID.randomUUID();
        FeedbackWrite rating = new FeedbackWrite(
                new RegisterKey(project, "revoked", 1),
                new Version(BASE, event, 0),
                new Origin("feedback.v1", 0, 1),
                true,
                null,
                null,
                null,
                "true",
                null,
                null,
                BASE);
        try (HikariDataSource processor = postgres.newDataSource("transports-processor", PostgresServer.PROCESSOR)) {
            ProjectionWriter writer = new ProjectionWriter(
                    new Transactions(processor, Transactions.Timeouts.DEFAULT), ProjectionTables.LIVE);
            privilege("REVOKE");
            try {
                assertThat(writer.write(List.of(rating), List.of()).feedbackRows())
                        .isEqualTo(1);
                assertThat(stagingTables()).as("staging tables while revoked").isZero();
            } finally {
                privilege("GRANT");
            }
            FeedbackWrite later = new FeedbackWrite(
                    rating.key(),
                    new Version(BASE.plusSeconds(1), event, 0),
                    rating.origin(),
                    false,
                    null,
                    null,
                    null,
                    "false",
                    null,
                    null,
                    BASE);
            // The choice is remembered: a refusal is what makes the writer ask again, so a fresh writer sees the grant.
            ProjectionWriter afterGrant = new ProjectionWriter(
                    new Transactions(processor, Transactions.Timeouts.DEFAULT), ProjectionTables.LIVE);
            assertThat(afterGrant.write(List.of(later), List.of()).feedbackRows())
                    .isEqualTo(1);
            assertThat(stagingTables()).as("staging tables once granted").isPositive();
            assertThat(rows("feedback", "SELECT flag::text FROM completion_feedback WHERE project_id = ?"))
                    .containsExactly("feedback false");
        } finally {
            forget();
        }
    }

    /**
     * The staging tables are created once per session, not per transaction; a transaction that created them and rolled
     * back took them with it, so after a failed transaction the writer asks again (else its next COPY finds no table),
     * which also mends a session whose tables vanished. One session (a pool of one), as the processor's role; the
     * failures are real: a check violated, the table dropped behind the writer's back.
     */
    @Example
    @Label("staging tables are created once per session, and again after a failed transaction")
    void stagingTablesAreCreatedOncePerSessionAndAgainAfterAFailure() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("transports-one-session");
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername(PostgresServer.PROCESSOR.name());
        config.setPassword(PostgresServer.PROCESSOR.password());
        config.setMaximumPoolSize(1);
        try (HikariDataSource session = new HikariDataSource(config)) {
            ProjectionWriter writer = new ProjectionWriter(
                    new Transactions(session, Transactions.Timeouts.DEFAULT), ProjectionTables.LIVE);
            FeedbackWrite valid = thumb("session", 1, 0);
            FeedbackWrite tagTooLong = new FeedbackWrite(
                    valid.key(),
                    valid.version(),
                    valid.origin(),
                    valid.flag(),
                    valid.value(),
                    valid.comment(),
                    "t".repeat(121),
                    valid.displayValue(),
                    valid.endpointId(),
                    valid.endUserId(),
                    valid.receivedAt());

            assertThatThrownBy(() -> writer.write(List.of(tagTooLong), List.of()))
                    .isInstanceOf(SQLException.class)
                    .extracting(failure -> ((SQLException) failure).getSQLState())
                    .as("the table's check on the tag violated after the COPY")
                    .isEqualTo("23514");
            assertThat(stagingTableInSession(session))
                    .as("rolled back with its transaction")
                    .isFalse();

            assertThat(writer.write(List.of(thumb("session", 1, 1)), List.of()).feedbackRows())
                    .isEqualTo(1);
            assertThat(stagingTableInSession(session)).isTrue();

            JdbcClient.create(session).sql("DROP TABLE pg_temp.staged_feedback").update();
            assertThatThrownBy(() -> writer.write(List.of(thumb("session", 1, 2)), List.of()))
                    .as("the next transaction trusts the table its session committed: no CREATE per transaction")
                    .isInstanceOf(SQLException.class)
                    .extracting(failure -> ((SQLException) failure).getSQLState())
                    .isEqualTo("42P01");
            assertThat(writer.write(List.of(thumb("session", 1, 3)), List.of()).feedbackRows())
                    .as("after a failed transaction the session's tables are created again")
                    .isEqualTo(1);
            assertThat(rows("feedback", "SELECT flag::text FROM completion_feedback WHERE project_id = ?"))
                    .containsExactly("feedback false");
        } finally {
            forget();
        }
    }

    /** A thumb on {@code usage} of feedback type {@code type}, up at even seconds and down at odd ones. */
    private static FeedbackWrite thumb(String usage, int type, int second) {
        boolean up = second % 2 == 0;
        return new FeedbackWrite(
                new RegisterKey(project, usage, type),
                new Version(BASE.plusSeconds(second), UUID.randomUUID(), 0),
                new Origin("feedback.v1", 0, second),
                up,
                null,
                null,
                null,
                Boolean.toString(up),
                null,
                null,
                BASE);
    }

    private static boolean stagingTableInSession(HikariDataSource session) {
        return JdbcClient.create(session)
                .sql("SELECT to_regclass('pg_temp.staged_feedback') IS NOT NULL")
                .query(Boolean.class)
                .single();
    }

    private static void privilege(String verb) {
        JdbcClient.create(owner)
                .sql(verb + " TEMPORARY ON DATABASE " + PostgresServer.DATABASE
                        + (verb.equals("GRANT") ? " TO " : " FROM ") + PostgresServer.PROCESSOR.name())
                .update();
    }

    /** The processor's sessions that hold a staging table: a temporary table lives as long as its session. */
    private static long stagingTables() {
        return JdbcClient.create(owner)
                .sql("SELECT count(*) FROM pg_class WHERE relname = 'staged_feedback' AND relpersistence = 't'"
                        + " AND pg_get_userbyid(relowner) = ?")
                .param(PostgresServer.PROCESSOR.name())
                .query(Long.class)
                .single();
    }

    /** Writes every delivery as the projector does (merged, then one transaction), and returns what it left. */
    private static List<String> writeAll(RowTransport transport, List<List<Item>> deliveries) throws SQLException {
        ProjectionWriter writer = new ProjectionWriter(
                new Transactions(writerRole, Transactions.Timeouts.DEFAULT),
                ProjectionTables.LIVE,
                ProjectionWriter.Options.DEFAULT.withTransport(transport));
        List<String> state = new ArrayList<>();
        try {
            for (List<Item> delivery : deliveries) {
                List<FeedbackWrite> ratings = Merge.feedback(delivery.stream()
                        .filter(item -> item.log() == null)
                        .map(Item::rating)
                        .toList());
                List<LogWrite> logs = Merge.logs(delivery.stream()
                        .filter(item -> item.log() != null)
                        .map(Item::log)
                        .toList());
                state.add("written " + writer.write(ratings, logs, receipts(delivery)));
            }
            state.addAll(rows(
                    "feedback",
                    "SELECT to_jsonb(f) - 'updated_at' FROM completion_feedback f"
                            + " WHERE project_id = ? ORDER BY usage_id, feedback_type_id"));
            state.addAll(rows(
                    "log",
                    "SELECT to_jsonb(l) - 'updated_at' FROM completion_log l"
                            + " WHERE project_id = ? ORDER BY usage_id"));
            // A statement marks its hours as a set (SELECT DISTINCT), in whichever order its plan gives them.
            state.addAll(rows(
                    "marks",
                    "SELECT to_jsonb(d) - 'id' FROM feedback_rollup_dirty d"
                            + " WHERE project_id = ? ORDER BY (to_jsonb(d) - 'id')::text"));
            state.addAll(rows(
                    "change",
                    "SELECT to_jsonb(o) - 'id' - 'position' - 'committed_at' FROM feedback_change_pending o"
                            + " WHERE project_id = ? ORDER BY id, position"));
            state.addAll(rows(
                    "receipt",
                    "SELECT to_jsonb(r) - 'decided_at' FROM event_receipt r"
                            + " WHERE project_id = ? ORDER BY event_id"));
        } finally {
            forget();
        }
        return state;
    }

    /** One receipt per event of the delivery, as the projector records them. */
    private static List<Receipt> receipts(List<Item> delivery) {
        Map<UUID, Receipt> byEvent = new LinkedHashMap<>();
        for (Item item : delivery) {
            UUID event = item.log() == null
                    ? item.rating().version().eventId()
                    : item.log().version().eventId();
            Origin origin =
                    item.log() == null ? item.rating().origin() : item.log().origin();
            byEvent.putIfAbsent(event, Receipt.projected(event, project, origin, 1));
        }
        return List.copyOf(byEvent.values());
    }

    private static List<String> rows(String label, String sql) {
        return JdbcClient.create(owner).sql(sql).param(project).query(String.class).list().stream()
                .map(row -> label + " " + row)
                .toList();
    }

    /** Removes what a run wrote, so the next starts from an empty project. */
    private static void forget() {
        for (String table : List.of(
                "completion_feedback",
                "completion_log",
                "feedback_rollup_dirty",
                "feedback_change_outbox",
                "event_receipt")) {
            JdbcClient.create(owner)
                    .sql("DELETE FROM " + table + " WHERE project_id = ?")
                    .param(project)
                    .update();
        }
        JdbcClient.create(owner)
                .sql("DELETE FROM feedback_change_batches WHERE ? = ANY (project_id)")
                .param(project)
                .update();
    }

    @Provide
    Arbitrary<List<List<Item>>> deliveries() {
        Arbitrary<UUID> events =
                Arbitraries.of(new UUID(1, 1), new UUID(1, 2), new UUID(-1, 3), new UUID(0x7fff_ffff_ffff_ffffL, 4));
        Arbitrary<Instant> times = Arbitraries.integers().between(0, 3).map(s -> BASE.plusSeconds(1800L * s));
        Arbitrary<String> usages = Arbitraries.of("u0", "u1", "u2", "é", "a,b");
        Arbitrary<String> text = Arbitraries.oneOf(
                Arbitraries.of(AWKWARD),
                Arbitraries.strings().alpha().numeric().ofMaxLength(12),
                Arbitraries.just(null));
        Arbitrary<Origin> origins = Combinators.combine(
                        Arbitraries.of("feedback.v1", "completion-logs.v1"),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.longs().between(0, Long.MAX_VALUE))
                .as(Origin::new);
        Arbitrary<Item> rating = Combinators.combine(
                        usages,
                        Arbitraries.of(true, false),
                        Combinators.combine(
                                        times, events, Arbitraries.integers().between(0, 2))
                                .as(Version::new),
                        Arbitraries.integers().between(0, 5),
                        text,
                        text,
                        Arbitraries.of(0, 1, 2).map(e -> e == 2 ? null : endpoints.get(e)),
                        origins)
                .as((usage, thumbs, version, value, comment, tag, endpoint, origin) -> new Item(
                        new FeedbackWrite(
                                new RegisterKey(project, usage, thumbs ? 1 : stars),
                                version,
                                origin,
                                thumbs ? value % 2 == 0 : null,
                                thumbs ? null : value / 2.0,
                                comment,
                                tag,
                                thumbs ? Boolean.toString(value % 2 == 0) : Double.toString(value / 2.0),
                                endpoint,
                                comment == null ? null : "user " + comment,
                                version.occurredAt().plusMillis(value)),
                        null));
        Arbitrary<Item> log = Combinators.combine(
                        usages,
                        Combinators.combine(times, events).as(LogVersion::new),
                        text,
                        text,
                        Arbitraries.of(0, 1, 2).map(e -> e == 2 ? null : endpoints.get(e)),
                        Arbitraries.doubles().between(-1e6, 1e6).injectNull(0.2),
                        Arbitraries.of(true, false).injectNull(0.3),
                        origins)
                .as((usage, version, model, key, endpoint, cost, managed, origin) -> new Item(
                        null,
                        new LogWrite(
                                new LogKey(project, usage),
                                version,
                                origin,
                                CompletionLogged.newBuilder()
                                        .setEventId(version.eventId())
                                        .setEmittedAt(version.emittedAt())
                                        .setUsageId(usage)
                                        .setProjectId(project)
                                        .setEndpointId(endpoint)
                                        .setUserId(key)
                                        .setCreatedAt(version.emittedAt().minusSeconds(5))
                                        .setModel(model)
                                        .setCost(cost)
                                        .setPrompt(model == null ? null : model + "?")
                                        .setCompletion(key)
                                        .setTemperature(cost == null ? null : cost / 1e6)
                                        .setManaged(managed)
                                        .setTemplateId(key)
                                        .setValues(key == null ? Map.of() : Map.of("k", key, key + "2", "v"))
                                        .build())));
        Arbitrary<Item> item = Arbitraries.frequencyOf(Tuple.of(3, rating), Tuple.of(1, log));
        return item.list().ofMinSize(1).ofMaxSize(12).list().ofMinSize(1).ofMaxSize(5);
    }
}
