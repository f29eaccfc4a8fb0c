package io.feedbackpipeline.projection.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The rollup refresher recomputes a busy hour in slices without holding the tables between them, gets the same
 * rollup as one statement over the whole hour, keeps the hour marked until it is whole, survives its session being
 * killed half way, and leaves tables a rebuild swapped in meanwhile alone. Each test works on a set of tables of
 * its own, made like the live ones, so it can swap and kill freely on the shared database.
 */
@WithPipelineInfrastructure
class RollupRefreshIT {

    private static final Instant HOUR = Instant.parse("2026-11-30T10:00:00Z");
    private static final Instant NEXT_HOUR = HOUR.plusSeconds(3600);
    private static final long SLICE = 40;

    PipelineInfrastructure infrastructure;
    DataSource owner;
    UUID project;
    List<ProjectionTables> created = new ArrayList<>();

    @BeforeEach
    void open(PipelineInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
        this.owner = infrastructure.dataSource();
        this.project = UUID.randomUUID();
    }

    @AfterEach
    void dropTables() {
        for (ProjectionTables tables : created) {
            update("DROP TABLE IF EXISTS " + String.join(", ", tables.all()));
        }
    }

    @Test
    @DisplayName("a busy hour is recomputed in slices, the tables free between them, the hour marked until whole")
    void busyHourInSlices() throws Exception {
        ProjectionTables sliced = tables();
        ProjectionTables whole = tables();
        fill(sliced, 600);
        copy(sliced, whole);
        AtomicInteger freeBetweenSlices = new AtomicInteger();
        RollupRefresh refresh = new RollupRefresh(owner, sliced, SLICE, () -> {
            assertThat(marksOf(sliced, HOUR))
                    .as("the busy hour stays marked, so readers take it from the registers")
                    .isPositive();
            lockExclusivelyAtOnce(sliced); // throws when the refresh still holds them
            freeBetweenSlices.incrementAndGet();
        });

        RollupRefresh.Refreshed refreshed = refresh.refresh(10_000);

        assertThat(refreshed.hours()).hasSize(3); // the busy hour, the next, and the hour of the usage mark
        assertThat(refreshed.slices()).isGreaterThanOrEqualTo((int) (600 / SLICE));
        assertThat(freeBetweenSlices).hasValue(refreshed.slices());
        assertSameAsOneTransaction(sliced, whole);
        assertThat(modelCounts(sliced)).isEqualTo(registersByModel(sliced));
    }

    @Test
    @DisplayName("an open hour is left marked, its marks thinned to one, and recomputed once it has closed")
    void openHourLeftToTheRegisters() throws Exception {
        ProjectionTables tables = tables();
        ProjectionTables whole = tables();
        fill(tables, 100);
        for (int i = 0; i < 5; i++) {
            mark(tables, NEXT_HOUR); // a write per transaction marks the hour it is writing
        }
        copy(tables, whole);
        RollupRefresh refresh = new RollupRefresh(owner, tables, SLICE, RollupRefresh.SliceListener.NONE);

        RollupRefresh.Refreshed whileOpen = refresh.refresh(10_000, List.of(), NEXT_HOUR);

        assertThat(whileOpen.hours())
                .extracting(RollupRefresh.ProjectHour::hour)
                .contains(HOUR)
                .doesNotContain(NEXT_HOUR);
        assertThat(marksOf(tables, NEXT_HOUR))
                .as("one mark keeps the open hour marked, so readers take it from the registers")
                .isOne();
        assertThat(rowsOf(tables, NEXT_HOUR))
                .as("the open hour is not rolled up")
                .isEmpty();
        assertThat(rowsOf(tables, HOUR)).as("the closed hour is").isNotEmpty();

        RollupRefresh.Refreshed closed = refresh.refresh(10_000, List.of(), NEXT_HOUR.plusSeconds(3600));

        assertThat(closed.hours()).extracting(RollupRefresh.ProjectHour::hour).containsExactly(NEXT_HOUR);
        assertSameAsOneTransaction(tables, whole);
    }

    @Test
    @DisplayName("registers that share one instant, more than a slice holds, are recomputed together and right")
    void tiesLargerThanASlice() throws Exception {
        ProjectionTables tables = tables();
        ProjectionTables whole = tables();
        Random random = new Random(3);
        for (int i = 0; i < 150; i++) {
            Instant at = i < 100 ? HOUR.plusSeconds(600) : HOUR.plusSeconds(random.nextInt(3600));
            register(tables, "u" + i, at, random);
        }
        mark(tables, HOUR);
        copy(tables, whole);

        RollupRefresh.Refreshed refreshed =
                new RollupRefresh(owner, tables, 10, RollupRefresh.SliceListener.NONE).refresh(100);

        assertThat(refreshed.slices()).isGreaterThan(1);
        assertSameAsOneTransaction(tables, whole);
    }

    @Test
    @DisplayName(
            "a refresh whose session is killed half way leaves its hours marked, and the next one makes them whole")
    void killedHalfWay() throws Exception {
        ProjectionTables tables = tables();
        ProjectionTables whole = tables();
        fill(tables, 400);
        copy(tables, whole);
        PGSimpleDataSource refresher = new PGSimpleDataSource(); // a session per refresh, found by its name
        refresher.setURL(infrastructure.jdbcUrl());
        refresher.setUser(PostgresServer.OWNER.name());
        refresher.setPassword(PostgresServer.OWNER.password());
        refresher.setApplicationName("rollup-refresh-killed");
        AtomicInteger slices = new AtomicInteger();
        RollupRefresh refresh = new RollupRefresh(refresher, tables, SLICE, () -> {
            if (slices.incrementAndGet() == 3) {
                rows(
                        infrastructure.postgres().superuser(),
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                                + " WHERE application_name = 'rollup-refresh-killed'");
            }
        });

        assertThatThrownBy(() -> refresh.refresh(10_000)).isInstanceOf(SQLException.class);
        assertThat(marksOf(tables, HOUR)).as("still marked after the kill").isPositive();

        RollupRefresh.Refreshed next = refresh.refresh(10_000);
        assertThat(next.hours()).contains(new RollupRefresh.ProjectHour(project, HOUR));
        assertSameAsOneTransaction(tables, whole);
    }

    @Test
    @DisplayName("tables swapped in while a refresh runs keep their marks and rows; the refresh recomputes nothing")
    void swappedMeanwhile() throws Exception {
        ProjectionTables tables = tables();
        ProjectionTables replacement = tables();
        ProjectionTables retired = tables();
        fill(tables, 300);
        copy(tables, replacement);
        update(
                replacement.apply("INSERT INTO {rollup} (project_id, hour, dims, feedback_type_id, registers)"
                        + " VALUES (?, ?, 0, 1, 12345)"),
                project,
                Timestamp.from(HOUR));
        long replacementMarks = marks(replacement);
        for (String table : retired.all()) {
            update("DROP TABLE " + table); // names the swap moves the claimed tables to
        }
        AtomicInteger slices = new AtomicInteger();
        RollupRefresh refresh = new RollupRefresh(owner, tables, SLICE, () -> {
            if (slices.incrementAndGet() == 2) {
                swap(tables, replacement, retired);
            }
        });

        RollupRefresh.Refreshed refreshed = refresh.refresh(10_000);

        assertThat(refreshed.hours()).isEmpty();
        assertThat(slices).hasValue(2); // the third slice saw other tables and stopped
        assertThat(marks(tables)).as("the swapped-in tables' marks").isEqualTo(replacementMarks);
        assertThat(rowsOf(tables, HOUR)).containsExactly(List.of(0, 12345L));
    }

    // --- the tables of a test ---

    private ProjectionTables tables() {
        String prefix = "rr_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        ProjectionTables tables =
                new ProjectionTables(prefix + "feedback", prefix + "log", prefix + "rollup", prefix + "dirty");
        created.add(tables);
        List<String> live = ProjectionTables.LIVE.all();
        for (int i = 0; i < live.size(); i++) {
            update("CREATE TABLE %s (LIKE %s INCLUDING ALL)"
                    .formatted(tables.all().get(i), live.get(i)));
        }
        return tables;
    }

    /**
     * {@code registers} registers in one busy hour (a tenth at one instant), some in the next, logs with models for
     * some usages, marks of both hours and a usage mark of a register in a third hour.
     */
    private void fill(ProjectionTables tables, int registers) {
        Random random = new Random(11);
        for (int i = 0; i < registers; i++) {
            Instant at = i % 10 == 0 ? HOUR.plusSeconds(1800) : HOUR.plusMillis(random.nextInt(3_600_000));
            register(tables, "u" + i, at, random);
        }
        for (int i = 0; i < 25; i++) {
            register(tables, "n" + i, NEXT_HOUR.plusSeconds(random.nextInt(3600)), random);
        }
        register(tables, "moved", NEXT_HOUR.plusSeconds(7200), random);
        for (int i = 0; i < registers; i += 3) {
            log(tables, "u" + i, "model-" + random.nextInt(3));
        }
        log(tables, "moved", "model-9");
        mark(tables, HOUR);
        mark(tables, HOUR);
        mark(tables, NEXT_HOUR);
        update(tables.apply("INSERT INTO {dirty} (project_id, usage_id) VALUES (?, 'moved')"), project);
    }

    private void register(ProjectionTables tables, String usage, Instant at, Random random) {
        boolean stars = random.nextInt(3) == 0;
        String[] tags = {"a", "b", null};
        update(
                tables.apply("""
                        INSERT INTO {feedback} (project_id, usage_id, feedback_type_id, flag, value, tag, occurred_at,
                                                event_id, item_index, received_at, source_topic, source_partition,
                                                source_offset)
                        VALUES (?, ?, ?, ?::boolean, ?::float8, ?, ?, gen_random_uuid(), 0, now(), 't', 0, 0)"""),
                project,
                usage,
                stars ? 2 : 1,
                stars ? null : random.nextBoolean(),
                stars ? (double) random.nextInt(6) : null,
                tags[random.nextInt(3)],
                Timestamp.from(at));
    }

    private void log(ProjectionTables tables, String usage, String model) {
        update(
                tables.apply("INSERT INTO {log} (project_id, usage_id, model, template_id) VALUES (?, ?, ?, 't1')"),
                project,
                usage,
                model);
    }

    private void mark(ProjectionTables tables, Instant hour) {
        update(tables.apply("INSERT INTO {dirty} (project_id, hour) VALUES (?, ?)"), project, Timestamp.from(hour));
    }

    private void copy(ProjectionTables from, ProjectionTables to) {
        update("INSERT INTO %s SELECT * FROM %s".formatted(to.feedback(), from.feedback()));
        update("INSERT INTO %s SELECT * FROM %s".formatted(to.log(), from.log()));
        update("INSERT INTO %s SELECT * FROM %s".formatted(to.rollup(), from.rollup()));
        update("INSERT INTO %s (project_id, hour, usage_id) SELECT project_id, hour, usage_id FROM %s"
                .formatted(to.rollupDirty(), from.rollupDirty()));
    }

    /** What a rebuild's swap does: the claimed tables renamed away, the replacement renamed to their names. */
    private void swap(ProjectionTables tables, ProjectionTables replacement, ProjectionTables retired) {
        try (Connection connection = owner.getConnection();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < tables.all().size(); i++) {
                statement.execute("ALTER TABLE %s RENAME TO %s"
                        .formatted(tables.all().get(i), retired.all().get(i)));
                statement.execute("ALTER TABLE %s RENAME TO %s"
                        .formatted(replacement.all().get(i), tables.all().get(i)));
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes all four tables exclusively within 200 ms, as a swap would, and lets them go. */
    private void lockExclusivelyAtOnce(ProjectionTables tables) {
        try (Connection connection = owner.getConnection();
                Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SET LOCAL lock_timeout = 200");
            statement.execute("LOCK TABLE " + String.join(", ", tables.all()) + " IN ACCESS EXCLUSIVE MODE");
            connection.rollback();
        } catch (SQLException e) {
            throw new IllegalStateException("the tables are held between slices", e);
        }
    }

    // --- what the tables hold ---

    /** Rolls {@code whole} up in one transaction: {@code sliced} must hold the same rollup, and neither a mark. */
    private void assertSameAsOneTransaction(ProjectionTables sliced, ProjectionTables whole) throws SQLException {
        new RollupRefresh(owner, whole, Long.MAX_VALUE, RollupRefresh.SliceListener.NONE).refresh(10_000);
        assertThat(rollup(sliced)).isEqualTo(rollup(whole)).isNotEmpty();
        assertThat(marks(sliced)).isZero();
        assertThat(marks(whole)).isZero();
    }

    private List<List<Object>> rollup(ProjectionTables tables) {
        return rows(owner, tables.apply("""
                SELECT hour, dims, model, endpoint_id, template_id, tag, feedback_type_id, flag, value, registers
                  FROM {rollup} ORDER BY hour, dims, model, endpoint_id, template_id, tag, feedback_type_id, flag,
                                         value, registers"""));
    }

    private List<List<Object>> rowsOf(ProjectionTables tables, Instant hour) {
        return rows(
                owner,
                tables.apply("SELECT dims, registers FROM {rollup} WHERE hour = ? ORDER BY dims, registers"),
                Timestamp.from(hour));
    }

    /** Per hour and model, from the rollup's by-model rows. */
    private List<List<Object>> modelCounts(ProjectionTables tables) {
        return rows(owner, tables.apply("""
                SELECT hour, model, sum(registers)::bigint FROM {rollup} WHERE dims = 1
                 GROUP BY hour, model ORDER BY hour, model"""));
    }

    /** The same, from the registers and logs themselves. */
    private List<List<Object>> registersByModel(ProjectionTables tables) {
        return rows(owner, tables.apply("""
                SELECT date_trunc('hour', f.occurred_at, 'UTC'), l.model, count(*)
                  FROM {feedback} f LEFT JOIN {log} l USING (project_id, usage_id)
                 GROUP BY 1, 2 ORDER BY 1, 2"""));
    }

    private long marks(ProjectionTables tables) {
        return (Long)
                rows(owner, tables.apply("SELECT count(*) FROM {dirty}")).get(0).get(0);
    }

    private long marksOf(ProjectionTables tables, Instant hour) {
        return (Long) rows(owner, tables.apply("SELECT count(*) FROM {dirty} WHERE hour = ?"), Timestamp.from(hour))
                .get(0)
                .get(0);
    }

    private void update(String statement, Object... parameters) {
        try (Connection connection = owner.getConnection();
                PreparedStatement prepared = connection.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                prepared.setObject(i + 1, parameters[i]);
            }
            prepared.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    private static List<List<Object>> rows(DataSource dataSource, String query, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement prepared = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                prepared.setObject(i + 1, parameters[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet result = prepared.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<Object> row = new ArrayList<>(columns);
                    for (int c = 1; c <= columns; c++) {
                        row.add(result.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
    }
}
