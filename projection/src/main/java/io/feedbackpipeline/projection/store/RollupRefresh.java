package io.feedbackpipeline.projection.store;

import io.feedbackpipeline.catalog.ProjectionTables;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Recomputes the analytics rollup of the hours the projection marked (V11), from the committed registers and logs,
 * in one snapshot ({@code REPEATABLE READ}), then deletes the marks that snapshot saw of those hours (however many
 * writes left them) and the usage marks it resolved: a change committed after the snapshot keeps its mark, so its
 * hour is recomputed again. A reader takes marked hours from the registers themselves, so every answer is exact
 * whether this has run or not; this only makes answers fast. One refresher per set of tables at a time (an advisory
 * lock); any number may try.
 *
 * <p>Each hour is rolled up under every grouping set a query may ask for: nothing, the model, the endpoint, the
 * template, or two of them; each once with the tag ({@link #TAG}) and once with the tag of TEXT feedback only
 * (neither flag nor value), which is all a question that neither groups nor filters by tag needs; always by
 * feedback type and value.
 */
public final class RollupRefresh {

    /** A project's hour. */
    public record ProjectHour(UUID project, Instant hour) {}

    /**
     * What one refresh did: the marks it read, the project-hours it recomputed and how long that took; {@code
     * locked} is false when another refresher held the lock, so this one did nothing.
     */
    public record Refreshed(int marks, List<ProjectHour> hours, long nanos, boolean locked) {

        static final Refreshed NOT_LOCKED = new Refreshed(0, List.of(), 0, false);
    }

    /** Bits of {@code feedback_rollup.dims}. */
    public static final int MODEL = 1;

    public static final int ENDPOINT = 2;
    public static final int TEMPLATE = 4;
    /** Set: rows by tag. Clear: rows by the tag of TEXT feedback only, the others' tag left out. */
    public static final int TAG = 8;

    /** The oldest marks, but none of the hours the caller defers (hours it refreshed a moment ago). */
    private static final String MARKS = """
            SELECT d.id, d.project_id, d.hour, d.usage_id FROM {dirty} d
             WHERE d.hour IS NULL
                OR (d.project_id, d.hour) NOT IN (SELECT * FROM unnest(?::uuid[], ?::timestamptz[]))
             ORDER BY d.id LIMIT ?""";

    /** The hours of the marked usages' registers, as of this snapshot, beside the marked hours themselves. */
    private static final String HOURS = """
            SELECT DISTINCT h.project_id, h.hour FROM (
                SELECT project_id, hour FROM unnest(?::uuid[], ?::timestamptz[]) AS m(project_id, hour)
                 WHERE hour IS NOT NULL
                UNION ALL
                SELECT f.project_id, date_trunc('hour', f.occurred_at, 'UTC')
                  FROM unnest(?::uuid[], ?::text[]) AS m(project_id, usage_id)
                  JOIN {feedback} f ON f.project_id = m.project_id AND f.usage_id = m.usage_id
                 WHERE m.usage_id IS NOT NULL) h""";

    private static final String DELETE_HOURS = """
            DELETE FROM {rollup} r USING unnest(?::uuid[], ?::timestamptz[]) AS h(project_id, hour)
             WHERE r.project_id = h.project_id AND r.hour = h.hour""";

    private static final String LOG_DIMENSIONS =
            "(), (x.model), (x.endpoint_id), (x.template_id), (x.model, x.endpoint_id), (x.model, x.template_id),"
                    + " (x.endpoint_id, x.template_id)";

    private static final String ROLL_UP = """
            INSERT INTO {rollup} (project_id, hour, dims, model, endpoint_id, template_id, tag, feedback_type_id,
                                  flag, value, registers)
            SELECT x.project_id, x.hour,
                   (CASE WHEN GROUPING(x.model) = 0 THEN %d ELSE 0 END)
                 + (CASE WHEN GROUPING(x.endpoint_id) = 0 THEN %d ELSE 0 END)
                 + (CASE WHEN GROUPING(x.template_id) = 0 THEN %d ELSE 0 END)
                 + (CASE WHEN GROUPING(x.tag) = 0 THEN %d ELSE 0 END),
                   x.model, x.endpoint_id, x.template_id,
                   CASE WHEN GROUPING(x.tag) = 0 THEN x.tag ELSE x.text_tag END,
                   x.feedback_type_id, x.flag, x.value, count(*)
              FROM (SELECT h.project_id, h.hour, l.model, coalesce(l.endpoint_id, f.endpoint_id) AS endpoint_id,
                           l.template_id, f.tag, CASE WHEN f.flag IS NULL AND f.value IS NULL THEN f.tag END AS text_tag,
                           f.feedback_type_id, f.flag, f.value
                      FROM unnest(?::uuid[], ?::timestamptz[]) AS h(project_id, hour)
                      JOIN {feedback} f ON f.project_id = h.project_id
                                       AND f.occurred_at >= h.hour AND f.occurred_at < h.hour + interval '1 hour'
                      LEFT JOIN {log} l ON l.project_id = f.project_id AND l.usage_id = f.usage_id) x
             GROUP BY x.project_id, x.hour, x.feedback_type_id, x.flag, x.value,
                      GROUPING SETS (%s)""".formatted(MODEL, ENDPOINT, TEMPLATE, TAG, groupingSets());

    /** Every mark of the recomputed hours that the snapshot sees, and the usage marks that were resolved. */
    private static final String DELETE_MARKS = """
            DELETE FROM {dirty} d
             WHERE d.id = ANY(?::bigint[])
                OR (d.project_id, d.hour) IN (SELECT * FROM unnest(?::uuid[], ?::timestamptz[]))""";

    private final DataSource dataSource;
    /** One refresher per set of tables: the live refresher and a rebuild's, of its shadow tables, never wait on each other. */
    private final long lock;

    private final String marks;
    private final String hours;
    private final String deleteHours;
    private final String rollUp;
    private final String deleteMarks;

    public RollupRefresh(DataSource dataSource, ProjectionTables tables) {
        this.dataSource = dataSource;
        this.lock = 0x726f6c6c7570L ^ tables.rollupDirty().hashCode(); // "rollup", per dirty table
        this.marks = tables.apply(MARKS);
        this.hours = tables.apply(HOURS);
        this.deleteHours = tables.apply(DELETE_HOURS);
        this.rollUp = tables.apply(ROLL_UP);
        this.deleteMarks = tables.apply(DELETE_MARKS);
    }

    /** Each log-dimension set twice: with the tag, and with the tag of TEXT feedback only. */
    private static String groupingSets() {
        List<String> sets = new ArrayList<>();
        for (String set : LOG_DIMENSIONS.split("(?<=\\)), ")) {
            String inner = set.substring(1, set.length() - 1);
            String prefix = inner.isEmpty() ? "" : inner + ", ";
            sets.add("(" + prefix + "x.tag)");
            sets.add("(" + prefix + "x.text_tag)");
        }
        return String.join(", ", sets);
    }

    /** Consumes up to {@code maxMarks} marks, oldest first; nothing when another refresher holds the lock. */
    public Refreshed refresh(int maxMarks) throws SQLException {
        return refresh(maxMarks, List.of());
    }

    /**
     * As {@link #refresh(int)}, leaving the marks of {@code deferred} hours for later: a refresher defers an hour it
     * has just recomputed while writes keep marking it, so a busy hour is not recomputed over and over.
     */
    public Refreshed refresh(int maxMarks, Collection<ProjectHour> deferred) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Refreshed refreshed = refresh(connection, maxMarks, deferred);
                connection.commit();
                return refreshed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        }
    }

    /**
     * Refreshes until no mark is left, waiting its turn when another refresher holds the lock: what a rebuild does to
     * its shadow tables before it swaps them in.
     */
    public void refreshAll(int batch) throws SQLException {
        while (true) {
            Refreshed refreshed = refresh(batch);
            if (refreshed.locked() && refreshed.marks() == 0) {
                return; // the writes are done, so the marks run out
            }
            if (!refreshed.locked()) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for another rollup refresher", e);
                }
            }
        }
    }

    private Refreshed refresh(Connection c, int maxMarks, Collection<ProjectHour> deferred) throws SQLException {
        try (Statement statement = c.createStatement();
                ResultSet granted = statement.executeQuery("SELECT pg_try_advisory_xact_lock(" + lock + ")")) {
            granted.next();
            if (!granted.getBoolean(1)) {
                return Refreshed.NOT_LOCKED;
            }
        }
        long began = System.nanoTime();
        List<Long> usageMarks = new ArrayList<>();
        List<Object> markProjects = new ArrayList<>();
        List<Object> markHours = new ArrayList<>();
        List<Object> markUsages = new ArrayList<>();
        int read = 0;
        try (PreparedStatement query = c.prepareStatement(marks)) {
            query.setArray(
                    1,
                    c.createArrayOf(
                            "uuid", deferred.stream().map(ProjectHour::project).toArray()));
            query.setArray(
                    2,
                    c.createArrayOf(
                            "timestamptz",
                            deferred.stream()
                                    .map(h -> java.sql.Timestamp.from(h.hour()))
                                    .toArray()));
            query.setInt(3, maxMarks);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    read++;
                    if (rows.getString(4) != null) {
                        usageMarks.add(rows.getLong(1));
                    }
                    markProjects.add(rows.getObject(2));
                    markHours.add(rows.getObject(3));
                    markUsages.add(rows.getString(4));
                }
            }
        }
        if (read == 0) {
            return new Refreshed(0, List.of(), 0, true);
        }
        List<ProjectHour> recomputed = new ArrayList<>();
        List<Object> projects = new ArrayList<>();
        List<Object> hourStarts = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(hours)) {
            query.setArray(1, c.createArrayOf("uuid", markProjects.toArray()));
            query.setArray(2, c.createArrayOf("timestamptz", markHours.toArray()));
            query.setArray(3, c.createArrayOf("uuid", markProjects.toArray()));
            query.setArray(4, c.createArrayOf("text", markUsages.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    projects.add(rows.getObject(1));
                    hourStarts.add(rows.getObject(2));
                    recomputed.add(new ProjectHour(
                            rows.getObject(1, UUID.class),
                            rows.getObject(2, OffsetDateTime.class).toInstant()));
                }
            }
        }
        Array projectArray = c.createArrayOf("uuid", projects.toArray());
        Array hourArray = c.createArrayOf("timestamptz", hourStarts.toArray());
        if (!projects.isEmpty()) {
            Transactions.update(c, deleteHours, projectArray, hourArray);
            Transactions.update(c, rollUp, projectArray, hourArray);
        }
        Transactions.update(c, deleteMarks, c.createArrayOf("int8", usageMarks.toArray()), projectArray, hourArray);
        return new Refreshed(read, List.copyOf(recomputed), System.nanoTime() - began, true);
    }
}
