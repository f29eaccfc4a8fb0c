package io.feedbackpipeline.processor.changes;

import io.feedbackpipeline.schemas.FeedbackChange;
import io.feedbackpipeline.schemas.FeedbackValue;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Reads the projection's change batches (V17) oldest first, and deletes what was relayed: a batch row holds a
 * statement's changes as parallel arrays, element i of each being one change. The driver gives a uuid[]'s elements as
 * {@link UUID}s whether it reads the array as text or in binary (ChangeStreamIT reads a batch both ways).
 */
final class ChangeBatches {

    /** One batch row: its id, and its changes in the order the statement aggregated them. */
    record Batch(long id, List<FeedbackChange> changes) {}

    private static final String OLDEST_ID = "SELECT id FROM feedback_change_batches ORDER BY id LIMIT 1";

    /** The columns in the order {@link #changes} reads them by position. */
    private static final String READ = """
            SELECT committed_at, project_id, usage_id, feedback_type_id,
                   existed_before, before_flag, before_value, before_comment, before_tag,
                   after_flag, after_value, after_comment, after_tag,
                   occurred_at, event_id, item_index
              FROM feedback_change_batches
             WHERE id = ?""";

    private static final String DELETE = "DELETE FROM feedback_change_batches WHERE id = ?";

    private static final String CAUSE = "projection";

    private ChangeBatches() {}

    static OptionalLong oldestId(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(OLDEST_ID);
                ResultSet row = statement.executeQuery()) {
            return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
        }
    }

    static Batch read(Connection connection, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(READ)) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                return new Batch(id, row.next() ? changes(row) : List.of());
            }
        }
    }

    static void delete(Connection connection, Batch relayed) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DELETE)) {
            statement.setLong(1, relayed.id());
            statement.executeUpdate();
        }
    }

    private static List<FeedbackChange> changes(ResultSet row) throws SQLException {
        Instant committedAt = row.getObject(1, OffsetDateTime.class).toInstant();
        Object[] projectIds = elements(row, 2);
        Object[] usageIds = elements(row, 3);
        Object[] typeIds = elements(row, 4);
        Object[] existed = elements(row, 5);
        Object[][] before = {elements(row, 6), elements(row, 7), elements(row, 8), elements(row, 9)};
        Object[][] after = {elements(row, 10), elements(row, 11), elements(row, 12), elements(row, 13)};
        Object[] occurredAt = elements(row, 14);
        Object[] eventIds = elements(row, 15);
        Object[] itemIndexes = elements(row, 16);
        List<FeedbackChange> changes = new ArrayList<>(usageIds.length);
        for (int i = 0; i < usageIds.length; i++) {
            changes.add(new FeedbackChange(
                    (UUID) projectIds[i],
                    (String) usageIds[i],
                    (Integer) typeIds[i],
                    Boolean.TRUE.equals(existed[i]) ? value(before, i) : null,
                    value(after, i),
                    ((Timestamp) occurredAt[i]).toInstant(),
                    (UUID) eventIds[i],
                    (Integer) itemIndexes[i],
                    committedAt,
                    CAUSE));
        }
        return changes;
    }

    private static FeedbackValue value(Object[][] columns, int i) {
        return new FeedbackValue(
                (Boolean) columns[0][i], (Double) columns[1][i], (String) columns[2][i], (String) columns[3][i]);
    }

    private static Object[] elements(ResultSet row, int column) throws SQLException {
        Array array = row.getArray(column);
        try {
            return (Object[]) array.getArray();
        } finally {
            array.free();
        }
    }
}
