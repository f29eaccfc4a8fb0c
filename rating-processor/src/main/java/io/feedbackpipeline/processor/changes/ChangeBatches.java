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
 * {@link UUID}s whether it reads the array as text or in binary (ChangeStreamIT reads batches both ways).
 *
 * <p>A relay round takes as many batches as its budget of changes holds, through one cursor that fetches a row at a
 * time: light traffic makes a batch row of a few changes per consumer transaction, ~12 in each 100 ms round at 1,000
 * requests/s, and reading, publishing and deleting them one by one cost a query, a wait for the broker and a commit
 * each (docs/benchmarks.md). A row at a time, because one batch can hold a whole flood's transaction.
 */
final class ChangeBatches {

    /** One batch row: its id, and its changes in the order the statement aggregated them. */
    record Batch(long id, List<FeedbackChange> changes) {}

    private static final String OLDEST_ID = "SELECT id FROM feedback_change_batches ORDER BY id LIMIT 1";

    /** The columns in the order {@link #changes} reads them by position, after the id. */
    private static final String OLDEST = """
            SELECT id, committed_at, project_id, usage_id, feedback_type_id,
                   existed_before, before_flag, before_value, before_comment, before_tag,
                   after_flag, after_value, after_comment, after_tag,
                   occurred_at, event_id, item_index
              FROM feedback_change_batches
             WHERE id < ?
             ORDER BY id""";

    /** By id, never by range, as the outbox's rows (a lower id may commit after a higher one was read). */
    private static final String DELETE = "DELETE FROM feedback_change_batches WHERE id = ANY (?)";

    private static final String CAUSE = "projection";

    private ChangeBatches() {}

    static OptionalLong oldestId(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(OLDEST_ID);
                ResultSet row = statement.executeQuery()) {
            return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
        }
    }

    /**
     * The oldest batches with an id below {@code below}, in id order, until they hold {@code changeBudget} changes or
     * more: the last batch read goes whole, so it may pass the budget by its own size. Reads in a transaction of its
     * own (the driver fetches row by row only inside one) on {@code session}, which it leaves in autocommit mode.
     */
    static List<Batch> oldest(Connection session, long below, int changeBudget) throws SQLException {
        List<Batch> batches = new ArrayList<>();
        session.setAutoCommit(false);
        try (PreparedStatement statement = session.prepareStatement(OLDEST)) {
            statement.setFetchSize(1);
            statement.setLong(1, below);
            try (ResultSet row = statement.executeQuery()) {
                int changes = 0;
                while (changes < changeBudget && row.next()) {
                    Batch batch = new Batch(row.getLong(1), changes(row));
                    batches.add(batch);
                    changes += batch.changes().size();
                }
            }
        } finally {
            session.rollback(); // it only read
            session.setAutoCommit(true);
        }
        return batches;
    }

    static void delete(Connection connection, List<Batch> relayed) throws SQLException {
        Long[] ids = relayed.stream().map(Batch::id).toArray(Long[]::new);
        try (PreparedStatement statement = connection.prepareStatement(DELETE)) {
            statement.setArray(1, connection.createArrayOf("int8", ids));
            statement.executeUpdate();
        }
    }

    private static List<FeedbackChange> changes(ResultSet row) throws SQLException {
        Instant committedAt = row.getObject(2, OffsetDateTime.class).toInstant();
        Object[] projectIds = elements(row, 3);
        Object[] usageIds = elements(row, 4);
        Object[] typeIds = elements(row, 5);
        Object[] existed = elements(row, 6);
        Object[][] before = {elements(row, 7), elements(row, 8), elements(row, 9), elements(row, 10)};
        Object[][] after = {elements(row, 11), elements(row, 12), elements(row, 13), elements(row, 14)};
        Object[] occurredAt = elements(row, 15);
        Object[] eventIds = elements(row, 16);
        Object[] itemIndexes = elements(row, 17);
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
