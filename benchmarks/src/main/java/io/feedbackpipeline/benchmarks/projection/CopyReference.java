package io.feedbackpipeline.benchmarks.projection;

import io.feedbackpipeline.benchmarks.projection.ItemSet.Row;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The physical reference of the projection step: the same items written the fastest way PostgreSQL takes an upsert,
 * from rows already decoded, on one connection. Each batch (the processor's 1,000 records) goes by binary {@code COPY}
 * into an unlogged staging table, then one set-based statement keeps the latest row per register
 * ({@code DISTINCT ON}) and upserts it under the same version guard into a table of the projection's shape and
 * indexes. No text arrays, no per-row statement: what is left is PostgreSQL's own cost of the rows.
 */
public final class CopyReference {

    public static final String TABLE = "bench_copy_feedback";
    private static final String STAGING = "bench_copy_staging";
    private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final long POSTGRES_EPOCH_MICROS =
            Instant.parse("2000-01-01T00:00:00Z").getEpochSecond() * 1_000_000;
    private static final String MERGE = """
            INSERT INTO bench_copy_feedback AS f (project_id, usage_id, feedback_type_id, value, display_value,
                occurred_at, event_id, item_index, received_at, source_topic, source_partition, source_offset)
            SELECT DISTINCT ON (s.usage_id) ?::uuid, s.usage_id, ?, s.value, to_jsonb(s.value), s.occurred_at,
                   s.event_id, s.item_index, s.received_at, 'copy', 0, 0
              FROM bench_copy_staging s
             ORDER BY s.usage_id, s.occurred_at DESC, s.event_id DESC, s.item_index DESC""" + RawPostgres.VERSION_GUARDED_UPDATE;

    private CopyReference() {}

    /** Returns items per second. */
    public static double run(String jdbcUrl, String user, String password, ItemSet items, int recordsPerBatch)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password)) {
            try (Statement sql = connection.createStatement()) {
                RawPostgres.recreateLikeProjection(sql, TABLE);
                sql.execute("DROP TABLE IF EXISTS " + STAGING);
                sql.execute("CREATE UNLOGGED TABLE " + STAGING + " (usage_id text, value float8, occurred_at"
                        + " timestamptz, event_id uuid, item_index int, received_at timestamptz)");
            }
            connection.setAutoCommit(false);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            long began = System.nanoTime();
            for (int first = 0; first < items.records(); first += recordsPerBatch) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    out.write(SIGNATURE);
                    out.writeInt(0); // flags
                    out.writeInt(0); // header extension
                    for (int n = first; n < Math.min(items.records(), first + recordsPerBatch); n++) {
                        for (Row row : items.rows(n)) {
                            writeTuple(out, row);
                        }
                    }
                    out.writeShort(-1);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                try {
                    copy.copyIn(
                            "COPY " + STAGING + " FROM STDIN (FORMAT binary)",
                            new ByteArrayInputStream(bytes.toByteArray()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                try (var merge = connection.prepareStatement(MERGE)) {
                    merge.setObject(1, items.project());
                    merge.setInt(2, items.feedbackTypeId());
                    merge.executeUpdate();
                }
                try (Statement sql = connection.createStatement()) {
                    sql.execute("TRUNCATE " + STAGING);
                }
                connection.commit();
            }
            return items.items() / ((System.nanoTime() - began) / 1e9);
        }
    }

    /** Registers of the COPY reference that hold the same winning version as the raw reference's, and all of them. */
    public record Agreement(long same, long registers) {}

    public static Agreement comparedWithRaw(String jdbcUrl, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                Statement sql = connection.createStatement();
                var rows = sql.executeQuery("SELECT count(r.usage_id), count(*) FROM " + TABLE + " c LEFT JOIN "
                        + RawPostgres.TABLE + " r ON r.project_id = c.project_id AND r.usage_id = c.usage_id"
                        + " AND r.feedback_type_id = c.feedback_type_id AND r.value = c.value"
                        + " AND r.occurred_at = c.occurred_at AND r.event_id = c.event_id"
                        + " AND r.item_index = c.item_index")) {
            rows.next();
            return new Agreement(rows.getLong(1), rows.getLong(2));
        }
    }

    /** One row in COPY's binary format: a field count, then each field's length and big-endian bytes. */
    private static void writeTuple(DataOutputStream out, Row row) throws IOException {
        out.writeShort(6);
        byte[] usageId = row.usageId().getBytes(StandardCharsets.UTF_8);
        out.writeInt(usageId.length);
        out.write(usageId);
        out.writeInt(8);
        out.writeDouble(row.value());
        writeTimestamp(out, row.occurredAt());
        out.writeInt(16);
        UUID eventId = row.eventId();
        out.writeLong(eventId.getMostSignificantBits());
        out.writeLong(eventId.getLeastSignificantBits());
        out.writeInt(4);
        out.writeInt(row.itemIndex());
        writeTimestamp(out, row.receivedAt());
    }

    private static void writeTimestamp(DataOutputStream out, Instant at) throws IOException {
        out.writeInt(8);
        out.writeLong(at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000 - POSTGRES_EPOCH_MICROS);
    }
}
