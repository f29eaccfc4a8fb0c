package io.feedbackpipeline.projection.rebuild;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.Sql;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A rebuild's swap hands the change stream exactly what it changes, although it takes most of that before its lock:
 * registers written by either side in between are taken again, and the relay sees nothing before the swap commits.
 * The live and shadow tables are written by SQL here, as the processor and the rebuild's catch-up would.
 */
@WithPipelineInfrastructure
class SwapChangesIT {

    /** Registers only the live table holds when the difference is taken: the swap must not compare them again. */
    private static final int TAKEN_BEFORE = 1_000;

    PipelineInfrastructure infrastructure;
    DataSource owner;
    UUID project;
    RebuildLock lock;
    ShadowTables shadow;

    @BeforeEach
    void open(PipelineInfrastructure infrastructure) throws SQLException {
        this.infrastructure = infrastructure;
        this.owner = infrastructure.dataSource();
        this.project = new CatalogAdmin(owner)
                .createProject("swap-" + UUID.randomUUID())
                .id();
        this.lock = RebuildLock.tryAcquire(owner).orElseThrow();
        this.shadow = new ShadowTables(owner, Duration.ofSeconds(2));
        shadow.finishEarlierSwap();
        shadow.create();
        // Every other project's registers as they are, so only this project's differ.
        execute("INSERT INTO completion_feedback_rebuild SELECT * FROM completion_feedback");
        execute("INSERT INTO completion_log_rebuild SELECT * FROM completion_log");
    }

    @AfterEach
    void close() throws SQLException {
        SwapChanges.discard(owner);
        shadow.drop();
        lock.close();
    }

    @Test
    @DisplayName("the swap records the whole difference, though it compares under its lock only what was written since")
    void differenceTakenBeforeTheLock() throws Exception {
        for (int i = 0; i < 10; i++) {
            write("completion_feedback", "u" + i, true);
        }
        for (int i = 0; i < TAKEN_BEFORE; i++) {
            write("completion_feedback", "gone" + i, true);
        }
        for (int i = 0; i < 5; i++) {
            write("completion_feedback_rebuild", "u" + i, true);
        }
        for (int i = 5; i < 8; i++) {
            write("completion_feedback_rebuild", "u" + i, false);
        }
        write("completion_feedback_rebuild", "new10", true);
        write("completion_feedback_rebuild", "new11", false);

        SwapChanges changes = SwapChanges.take(owner);
        assertThat(outboxRows()).as("taken, not yet the relay's").isEmpty();

        // Written after the difference was taken: by the processor (live) and by a catch-up (shadow).
        write("completion_feedback", "u0", false); // equal when taken, differs now
        write("completion_feedback", "u5", false); // differed when taken, equal now: its taken row must go
        write("completion_feedback", "live20", true);
        write("completion_feedback_rebuild", "u1", false);
        write("completion_feedback_rebuild", "new21", true);
        write("completion_feedback_rebuild", "new10", false); // a shadow-only register, changed again
        long caughtUp = changes.catchUp();
        assertThat(caughtUp).as("registers taken again outside the lock").isGreaterThanOrEqualTo(6);

        // And after the catch-up: what the swap must take again under its lock.
        write("completion_feedback", "u2", false);
        write("completion_feedback_rebuild", "new22", true);
        List<String> expected = wholeDifference();

        Optional<ShadowTables.Swapped> swapped = shadow.trySwap(changes, () -> true);

        assertThat(swapped).isPresent();
        assertThat(swapped.get().retaken())
                .as("registers compared under the lock: the two written since the catch-up, not the whole table")
                .isBetween(2L, 10L);
        assertThat(outboxRows()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(expected)
                .as("the expected difference itself")
                .hasSize(TAKEN_BEFORE + 12)
                .contains("true false true true u0", "true true false null live20", "false null true false new10")
                .noneMatch(change -> change.endsWith(" u5") || change.endsWith(" u3"));
    }

    @Test
    @DisplayName("a swap that does not commit hands the relay nothing; a later attempt or rebuild hands it the rest")
    void nothingBeforeTheSwapCommits() throws Exception {
        write("completion_feedback", "kept", true);
        write("completion_feedback_rebuild", "kept", false);
        SwapChanges changes = SwapChanges.take(owner);

        assertThat(shadow.trySwap(changes, () -> false))
                .as("final catch-up short of the end")
                .isEmpty();
        assertThat(outboxRows()).isEmpty();

        // A rebuild killed here leaves its pending rows; the next one takes the difference afresh.
        write("completion_feedback_rebuild", "later", true);
        SwapChanges next = SwapChanges.take(owner);
        assertThat(shadow.trySwap(next, () -> true)).isPresent();
        assertThat(outboxRows()).containsExactlyInAnyOrder("true true true false kept", "false null true true later");
    }

    @Test
    @DisplayName("the processor's role relays and deletes the swap's rows; the next rebuild drops their emptied table")
    void relayedThenDropped() throws Exception {
        write("completion_feedback_rebuild", "relayed", true);
        SwapChanges changes = SwapChanges.take(owner);
        assertThat(shadow.trySwap(changes, () -> true)).isPresent();
        String attached = attachedTableHolding(project);
        assertThat(query("SELECT indexname FROM pg_indexes WHERE tablename = '" + attached + "'"))
                .as("its indexes named after it, so the next rebuild's pending table can take the same names")
                .containsExactlyInAnyOrder(attached + "_pkey", attached + "_register");

        try (Connection processor = DriverManager.getConnection(
                        infrastructure.jdbcUrl(),
                        PostgresServer.PROCESSOR.name(),
                        PostgresServer.PROCESSOR.password());
                PreparedStatement relay = processor.prepareStatement("""
                        DELETE FROM feedback_change_outbox
                         WHERE id = ANY (ARRAY(SELECT id FROM feedback_change_outbox WHERE project_id = ? ORDER BY id))""")) {
            relay.setObject(1, project);
            assertThat(relay.executeUpdate()).as("rows the relay deleted").isEqualTo(1);
        }

        assertThat(SwapChanges.dropRelayed(owner)).contains(attached);
        assertThat(query("SELECT to_regclass('" + attached + "')")).containsExactly((String) null);
    }

    /** What the swap replaces, by one join of both whole tables as it is now: "existed, flag, exists, flag, usage". */
    private List<String> wholeDifference() throws SQLException {
        return changes("""
                SELECT o.usage_id IS NOT NULL, o.flag, n.usage_id IS NOT NULL, n.flag, coalesce(n.usage_id, o.usage_id)
                  FROM (SELECT * FROM completion_feedback WHERE project_id = {project}) o
                  FULL JOIN (SELECT * FROM completion_feedback_rebuild WHERE project_id = {project}) n
                    ON n.usage_id = o.usage_id AND n.feedback_type_id = o.feedback_type_id
                 WHERE o.usage_id IS NULL OR n.usage_id IS NULL OR o.flag IS DISTINCT FROM n.flag""");
    }

    /** The project's rows the relay would read, as {@link #wholeDifference()} spells them. */
    private List<String> outboxRows() throws SQLException {
        return changes("""
                SELECT existed_before, before_flag, exists_after, after_flag, usage_id
                  FROM feedback_change_outbox WHERE project_id = {project} AND cause = 'rebuild'""");
    }

    private List<String> changes(String sql) throws SQLException {
        List<String> changes = new ArrayList<>();
        try (Connection connection = owner.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql.replace("{project}", "'" + project + "'::uuid"))) {
            while (rows.next()) {
                changes.add(rows.getBoolean(1) + " " + rows.getObject(2) + " " + rows.getBoolean(3) + " "
                        + rows.getObject(4) + " " + rows.getString(5));
            }
        }
        return changes;
    }

    private String attachedTableHolding(UUID projectId) throws SQLException {
        return query("SELECT DISTINCT tableoid::regclass::text FROM feedback_change_outbox WHERE project_id = '"
                        + projectId + "'")
                .get(0);
    }

    /** One register of this project, written or overwritten in its own transaction, as a projection would. */
    private void write(String table, String usageId, boolean flag) throws SQLException {
        try (Connection connection = owner.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO %s (project_id, usage_id, feedback_type_id, flag, display_value, occurred_at,
                                        event_id, item_index, received_at, source_topic, source_partition,
                                        source_offset)
                        VALUES (?, ?, 1, ?, to_jsonb(?), now(), gen_random_uuid(), 0, now(), 'feedback', 0, 0)
                        ON CONFLICT (project_id, usage_id, feedback_type_id)
                        DO UPDATE SET flag = EXCLUDED.flag, display_value = EXCLUDED.display_value""".formatted(table))) {
            upsert.setObject(1, project);
            upsert.setString(2, usageId);
            upsert.setBoolean(3, flag);
            upsert.setBoolean(4, flag);
            upsert.executeUpdate();
        }
    }

    private void execute(String statements) throws SQLException {
        new Sql(owner).execute(statements);
    }

    private List<String> query(String select) throws SQLException {
        return new Sql(owner).column(select);
    }
}
