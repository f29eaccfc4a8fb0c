package io.feedbackpipeline.projection.store;

import io.feedbackpipeline.catalog.ProjectionTables;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Recomputes the analytics rollup of the hours the projection marked (V11), from the committed registers and logs,
 * in one snapshot ({@code REPEATABLE READ}), and deletes only the marks that snapshot saw: a change committed after
 * it keeps its mark, so its hour is recomputed again. A reader takes marked hours from the registers themselves, so
 * every answer is exact whether this has run or not; this only makes answers fast. One refresher at a time (an
 * advisory lock); any number may try.
 *
 * <p>Each hour is rolled up under every grouping set a query may ask for: nothing, the model, the endpoint, the
 * template, or two of them; always by feedback type, value and tag.
 */
public final class RollupRefresh {

    /** What one refresh did: the marks it consumed and the project-hours it recomputed. */
    public record Refreshed(int marks, int hours) {}

    private static final long LOCK = 0x726f6c6c7570L; // "rollup"

    /** Bits of {@code feedback_rollup.dims}. */
    public static final int MODEL = 1;

    public static final int ENDPOINT = 2;
    public static final int TEMPLATE = 4;

    private static final String MARKS = "SELECT id, project_id, hour, usage_id FROM {dirty} ORDER BY id LIMIT ?";

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

    private static final String ROLL_UP = """
            INSERT INTO {rollup} (project_id, hour, dims, model, endpoint_id, template_id, tag, feedback_type_id,
                                  flag, value, registers)
            SELECT x.project_id, x.hour,
                   (CASE WHEN GROUPING(x.model) = 0 THEN %d ELSE 0 END)
                 + (CASE WHEN GROUPING(x.endpoint_id) = 0 THEN %d ELSE 0 END)
                 + (CASE WHEN GROUPING(x.template_id) = 0 THEN %d ELSE 0 END),
                   x.model, x.endpoint_id, x.template_id, x.tag, x.feedback_type_id, x.flag, x.value, count(*)
              FROM (SELECT h.project_id, h.hour, l.model, coalesce(l.endpoint_id, f.endpoint_id) AS endpoint_id,
                           l.template_id, f.tag, f.feedback_type_id, f.flag, f.value
                      FROM unnest(?::uuid[], ?::timestamptz[]) AS h(project_id, hour)
                      JOIN {feedback} f ON f.project_id = h.project_id
                                       AND f.occurred_at >= h.hour AND f.occurred_at < h.hour + interval '1 hour'
                      LEFT JOIN {log} l ON l.project_id = f.project_id AND l.usage_id = f.usage_id) x
             GROUP BY x.project_id, x.hour, x.feedback_type_id, x.flag, x.value, x.tag,
                      GROUPING SETS ((), (x.model), (x.endpoint_id), (x.template_id), (x.model, x.endpoint_id),
                                     (x.model, x.template_id), (x.endpoint_id, x.template_id))""".formatted(MODEL, ENDPOINT, TEMPLATE);

    private static final String DELETE_MARKS = "DELETE FROM {dirty} WHERE id = ANY(?::bigint[])";

    private final DataSource dataSource;
    private final String marks;
    private final String hours;
    private final String deleteHours;
    private final String rollUp;
    private final String deleteMarks;

    public RollupRefresh(DataSource dataSource, ProjectionTables tables) {
        this.dataSource = dataSource;
        this.marks = tables.apply(MARKS);
        this.hours = tables.apply(HOURS);
        this.deleteHours = tables.apply(DELETE_HOURS);
        this.rollUp = tables.apply(ROLL_UP);
        this.deleteMarks = tables.apply(DELETE_MARKS);
    }

    /** Consumes up to {@code maxMarks} marks, oldest first; nothing when another refresher holds the lock. */
    public Refreshed refresh(int maxMarks) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Refreshed refreshed = refresh(connection, maxMarks);
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

    /** Refreshes until no mark is left: what a rebuild does to its shadow tables before it swaps them in. */
    public void refreshAll(int batch) throws SQLException {
        while (refresh(batch).marks() > 0) {
            // each round consumes the oldest marks; a rebuild's writes are done, so the marks run out
        }
    }

    private Refreshed refresh(Connection c, int maxMarks) throws SQLException {
        try (Statement lock = c.createStatement();
                ResultSet granted = lock.executeQuery("SELECT pg_try_advisory_xact_lock(" + LOCK + ")")) {
            granted.next();
            if (!granted.getBoolean(1)) {
                return new Refreshed(0, 0);
            }
        }
        List<Long> ids = new ArrayList<>();
        List<Object> markProjects = new ArrayList<>();
        List<Object> markHours = new ArrayList<>();
        List<Object> markUsages = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(marks)) {
            query.setInt(1, maxMarks);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                    markProjects.add(rows.getObject(2));
                    markHours.add(rows.getObject(3));
                    markUsages.add(rows.getString(4));
                }
            }
        }
        if (ids.isEmpty()) {
            return new Refreshed(0, 0);
        }
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
                }
            }
        }
        if (!projects.isEmpty()) {
            Array projectArray = c.createArrayOf("uuid", projects.toArray());
            Array hourArray = c.createArrayOf("timestamptz", hourStarts.toArray());
            Transactions.update(c, deleteHours, projectArray, hourArray);
            Transactions.update(c, rollUp, projectArray, hourArray);
        }
        Transactions.update(c, deleteMarks, c.createArrayOf("int8", ids.toArray()));
        return new Refreshed(ids.size(), projects.size());
    }
}
