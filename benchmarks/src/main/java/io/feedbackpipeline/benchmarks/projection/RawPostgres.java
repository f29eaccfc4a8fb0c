package io.feedbackpipeline.benchmarks.projection;

import io.feedbackpipeline.benchmarks.projection.ItemSet.Row;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw PostgreSQL reference: the same items upserted by a minimal JDBC program on one connection, from rows already
 * decoded, in the processor's batch size (1,000 records), each batch folded to one row per register and written with
 * one unnest upsert under the same version guard, into a table of the projection's shape. The ceiling the processor
 * is measured against.
 */
public final class RawPostgres {

    public static final String TABLE = "bench_raw_feedback";

    /** The projection's upsert tail: a register takes the row only when its version is newer. Alias {@code f}. */
    static final String VERSION_GUARDED_UPDATE = """

            ON CONFLICT (project_id, usage_id, feedback_type_id) DO UPDATE SET
                value = EXCLUDED.value, display_value = EXCLUDED.display_value, occurred_at = EXCLUDED.occurred_at,
                event_id = EXCLUDED.event_id, item_index = EXCLUDED.item_index, received_at = EXCLUDED.received_at,
                updated_at = now()
            WHERE (f.occurred_at, f.event_id, f.item_index)
                  < (EXCLUDED.occurred_at, EXCLUDED.event_id, EXCLUDED.item_index)""";

    private static final String UPSERT = """
            INSERT INTO bench_raw_feedback AS f (project_id, usage_id, feedback_type_id, value, display_value,
                occurred_at, event_id, item_index, received_at, source_topic, source_partition, source_offset)
            SELECT ?::uuid, w.usage_id, ?, w.value, to_jsonb(w.value), w.occurred_at, w.event_id, w.item_index,
                   w.received_at, 'raw', 0, 0
              FROM unnest(?::text[], ?::float8[], ?::timestamptz[], ?::uuid[], ?::int[], ?::timestamptz[])
                   AS w(usage_id, value, occurred_at, event_id, item_index, received_at)
""" + VERSION_GUARDED_UPDATE;

    private RawPostgres() {}

    /** Returns items per second. */
    public static double run(String jdbcUrl, String user, String password, ItemSet items, int recordsPerBatch)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            try (Statement sql = connection.createStatement()) {
                recreateLikeProjection(sql, TABLE);
            }
            connection.setAutoCommit(false);
            long began = System.nanoTime();
            for (int first = 0; first < items.records(); first += recordsPerBatch) {
                List<Row> batch = new ArrayList<>();
                for (int n = first; n < Math.min(items.records(), first + recordsPerBatch); n++) {
                    batch.addAll(items.rows(n));
                }
                write(connection, items, fold(batch));
                connection.commit();
            }
            return items.items() / ((System.nanoTime() - began) / 1e9);
        }
    }

    /** An empty table of the projection's shape, defaults, constraints and indexes. */
    static void recreateLikeProjection(Statement sql, String table) throws SQLException {
        sql.execute("DROP TABLE IF EXISTS " + table);
        sql.execute("CREATE TABLE " + table + " (LIKE completion_feedback INCLUDING DEFAULTS"
                + " INCLUDING CONSTRAINTS INCLUDING INDEXES)");
    }

    /** The latest row per register, as the processor's fold keeps it. */
    private static List<Row> fold(List<Row> rows) {
        Comparator<Row> version = Comparator.comparing(Row::occurredAt)
                .thenComparing(r -> r.eventId().toString())
                .thenComparingInt(Row::itemIndex);
        Map<String, Row> latest = new LinkedHashMap<>();
        for (Row row : rows) {
            latest.merge(row.usageId(), row, (a, b) -> version.compare(b, a) > 0 ? b : a);
        }
        return List.copyOf(latest.values());
    }

    private static void write(Connection connection, ItemSet items, List<Row> rows) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            upsert.setObject(1, items.project());
            upsert.setInt(2, items.feedbackTypeId());
            upsert.setArray(
                    3,
                    connection.createArrayOf(
                            "text", rows.stream().map(Row::usageId).toArray()));
            upsert.setArray(
                    4,
                    connection.createArrayOf(
                            "float8", rows.stream().map(Row::value).toArray()));
            upsert.setArray(
                    5,
                    connection.createArrayOf(
                            "text",
                            rows.stream().map(r -> r.occurredAt().toString()).toArray()));
            upsert.setArray(
                    6,
                    connection.createArrayOf(
                            "text",
                            rows.stream().map(r -> r.eventId().toString()).toArray()));
            upsert.setArray(
                    7,
                    connection.createArrayOf(
                            "int4", rows.stream().map(Row::itemIndex).toArray()));
            upsert.setArray(
                    8,
                    connection.createArrayOf(
                            "text",
                            rows.stream().map(r -> r.receivedAt().toString()).toArray()));
            upsert.executeUpdate();
        }
    }
}
