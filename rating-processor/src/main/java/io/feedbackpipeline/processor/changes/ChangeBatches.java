package io.feedbackpipeline.processor.changes;

import io.feedbackpipeline.schemas.FeedbackChange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads the projection's change batches (V17) oldest first, and deletes what was relayed: a batch row holds a
 * statement's changes as parallel arrays, element i of each being one change.
 */
final class ChangeBatches {

    /** One batch row: its id, and its changes. */
    record Batch(long id, List<FeedbackChange> changes) {}

    private static final String OLDEST_ID = "SELECT id FROM feedback_change_batches ORDER BY id LIMIT 1";

    /**
     * A batch's changes as rows in {@link OutboxRows}'s column order, unnested by PostgreSQL: its scalar columns come
     * in binary once the statement is prepared, where the driver's parsing of the arrays' text took 40% of the relay's
     * time in a profile (docs/benchmarks.md). A statement changes each register once, so their order does not matter.
     */
    private static final String READ = """
            SELECT b.id, c.project_id, c.usage_id, c.feedback_type_id,
                   c.existed_before, c.before_flag, c.before_value, c.before_comment, c.before_tag,
                   true, c.after_flag, c.after_value, c.after_comment, c.after_tag,
                   c.occurred_at, c.event_id, c.item_index, b.committed_at, 'projection'
              FROM feedback_change_batches b,
                   unnest(b.project_id, b.usage_id, b.feedback_type_id,
                          b.existed_before, b.before_flag, b.before_value, b.before_comment, b.before_tag,
                          b.after_flag, b.after_value, b.after_comment, b.after_tag,
                          b.occurred_at, b.event_id, b.item_index)
                       AS c(project_id, usage_id, feedback_type_id,
                            existed_before, before_flag, before_value, before_comment, before_tag,
                            after_flag, after_value, after_comment, after_tag,
                            occurred_at, event_id, item_index)
             WHERE b.id = ?""";

    private static final String DELETE = "DELETE FROM feedback_change_batches WHERE id = ?";

    private ChangeBatches() {}

    static OptionalLong oldestId(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(OLDEST_ID);
                ResultSet row = statement.executeQuery()) {
            return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
        }
    }

    static Batch read(Connection connection, long id) throws SQLException {
        List<FeedbackChange> changes = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(READ)) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    changes.add(OutboxRows.change(row));
                }
            }
        }
        return new Batch(id, changes);
    }

    static void delete(Connection connection, Batch relayed) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(DELETE)) {
            statement.setLong(1, relayed.id());
            statement.executeUpdate();
        }
    }
}
