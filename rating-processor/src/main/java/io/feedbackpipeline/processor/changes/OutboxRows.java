package io.feedbackpipeline.processor.changes;

import io.feedbackpipeline.schemas.FeedbackChange;
import io.feedbackpipeline.schemas.FeedbackValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Reads the change stream's outbox (V15) oldest first, and deletes what was relayed: the rebuild's changes, and those
 * a processor older than the batches (V17) wrote.
 */
final class OutboxRows {

    /** One outbox row: its id, and the change it holds. */
    record Outboxed(long id, FeedbackChange change) {}

    /** The columns in the order {@link #change} reads them by position. */
    private static final String OLDEST = """
            SELECT id, project_id, usage_id, feedback_type_id,
                   existed_before, before_flag, before_value, before_comment, before_tag,
                   exists_after, after_flag, after_value, after_comment, after_tag,
                   occurred_at, event_id, item_index, committed_at, cause
              FROM feedback_change_outbox
             WHERE id < ?
             ORDER BY id
             LIMIT ?""";

    /**
     * By id, never by range: a transaction that took a lower id may commit after a higher one was read, and a range
     * would delete its row unpublished.
     */
    private static final String DELETE = "DELETE FROM feedback_change_outbox WHERE id = ANY (?)";

    private static final String OLDEST_ID = "SELECT id FROM feedback_change_outbox ORDER BY id LIMIT 1";

    private OutboxRows() {}

    static OptionalLong oldestId(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(OLDEST_ID);
                ResultSet row = statement.executeQuery()) {
            return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
        }
    }

    /** The oldest rows with an id below {@code below}, at most {@code limit}. */
    static List<Outboxed> oldest(Connection connection, long below, int limit) throws SQLException {
        List<Outboxed> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(OLDEST)) {
            statement.setLong(1, below);
            statement.setInt(2, limit);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(new Outboxed(row.getLong(1), change(row)));
                }
            }
        }
        return rows;
    }

    static void delete(Connection connection, List<Outboxed> relayed) throws SQLException {
        Long[] ids = relayed.stream().map(Outboxed::id).toArray(Long[]::new);
        try (PreparedStatement statement = connection.prepareStatement(DELETE)) {
            statement.setArray(1, connection.createArrayOf("int8", ids));
            statement.executeUpdate();
        }
    }

    /**
     * By column position in {@link #OLDEST}'s order, through the records' all-arguments constructors: the relay reads
     * every change the pipeline commits, and nearly half its time went to decoding rows, much of it in looking columns
     * up by name and in Avro's validating builders (a profile of the processor, docs/benchmarks.md).
     */
    private static FeedbackChange change(ResultSet row) throws SQLException {
        return new FeedbackChange(
                row.getObject(2, UUID.class),
                row.getString(3),
                row.getInt(4),
                row.getBoolean(5) ? value(row, 6) : null,
                row.getBoolean(10) ? value(row, 11) : null,
                instant(row, 15),
                row.getObject(16, UUID.class),
                row.getInt(17),
                instant(row, 18),
                row.getString(19));
    }

    /** A register's value from its four columns, the first at {@code first}. */
    private static FeedbackValue value(ResultSet row, int first) throws SQLException {
        return new FeedbackValue(
                row.getObject(first, Boolean.class),
                row.getObject(first + 1, Double.class),
                row.getString(first + 2),
                row.getString(first + 3));
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }
}
