package io.feedbackpipeline.processor.changes;

import io.feedbackpipeline.schemas.FeedbackChange;
import io.feedbackpipeline.schemas.FeedbackValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads the change stream's outbox (V15) oldest first, and deletes what was relayed. */
final class OutboxRows {

    /** One outbox row: its id, and the change it holds. */
    record Outboxed(long id, FeedbackChange change) {}

    private static final String OLDEST = """
            SELECT id, project_id, usage_id, feedback_type_id,
                   existed_before, before_flag, before_value, before_comment, before_tag,
                   exists_after, after_flag, after_value, after_comment, after_tag,
                   occurred_at, event_id, item_index, committed_at, cause
              FROM feedback_change_outbox
             ORDER BY id
             LIMIT ?""";

    /**
     * By id, never by range: a transaction that took a lower id may commit after a higher one was read, and a range
     * would delete its row unpublished.
     */
    private static final String DELETE = "DELETE FROM feedback_change_outbox WHERE id = ANY (?)";

    private OutboxRows() {}

    static List<Outboxed> oldest(Connection connection, int limit) throws SQLException {
        List<Outboxed> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(OLDEST)) {
            statement.setInt(1, limit);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    rows.add(new Outboxed(row.getLong("id"), change(row)));
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

    private static FeedbackChange change(ResultSet row) throws SQLException {
        return FeedbackChange.newBuilder()
                .setProjectId(row.getObject("project_id", UUID.class))
                .setUsageId(row.getString("usage_id"))
                .setFeedbackTypeId(row.getInt("feedback_type_id"))
                .setBefore(row.getBoolean("existed_before") ? value(row, "before_") : null)
                .setAfter(row.getBoolean("exists_after") ? value(row, "after_") : null)
                .setOccurredAt(
                        row.getObject("occurred_at", OffsetDateTime.class).toInstant())
                .setEventId(row.getObject("event_id", UUID.class))
                .setItemIndex(row.getInt("item_index"))
                .setCommittedAt(
                        row.getObject("committed_at", OffsetDateTime.class).toInstant())
                .setCause(row.getString("cause"))
                .build();
    }

    private static FeedbackValue value(ResultSet row, String prefix) throws SQLException {
        return FeedbackValue.newBuilder()
                .setFlag(row.getObject(prefix + "flag", Boolean.class))
                .setValue(row.getObject(prefix + "value", Double.class))
                .setComment(row.getString(prefix + "comment"))
                .setTag(row.getString(prefix + "tag"))
                .build();
    }
}
