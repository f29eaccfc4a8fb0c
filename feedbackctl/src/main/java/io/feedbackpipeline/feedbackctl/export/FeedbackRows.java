package io.feedbackpipeline.feedbackctl.export;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The feedback export: one row per feedback register (a completion's latest feedback of one type), with the completion
 * log it rates (null columns when the log has not arrived). Streamed through a server-side cursor, a few thousand
 * rows at a time, so memory does not grow with the export.
 */
final class FeedbackRows {

    static final List<Column> COLUMNS = List.of(
            Column.string("usage_id"),
            new Column("feedback_type_id", Column.Type.INT),
            Column.string("feedback_type"),
            new Column("flag", Column.Type.BOOLEAN),
            new Column("value", Column.Type.DOUBLE),
            Column.string("comment"),
            Column.string("tag"),
            new Column("occurred_at", Column.Type.TIMESTAMP),
            Column.string("end_user_id"),
            Column.string("event_id"),
            Column.string("endpoint_id"),
            Column.string("model"),
            Column.string("template_id"),
            Column.string("values"),
            Column.string("prompt"),
            Column.string("completion"),
            new Column("log_created_at", Column.Type.TIMESTAMP));

    private static final String FROM = """
              FROM completion_feedback f
              JOIN feedback_type t ON t.id = f.feedback_type_id
              LEFT JOIN completion_log l ON l.project_id = f.project_id AND l.usage_id = f.usage_id
             WHERE\s""";

    private static final String SELECT = """
            SELECT f.usage_id, f.feedback_type_id, t.name, f.flag, f.value, f.comment, f.tag, f.occurred_at,
                   f.end_user_id, f.event_id::text, coalesce(l.endpoint_id, f.endpoint_id)::text, l.model,
                   l.template_id, l."values"::text, l.prompt, l.completion, l.created_at
            """ + FROM;

    static final int FETCH_SIZE = 2_000;

    /** What to do with each row. */
    interface Each {
        void row(Object[] row) throws Exception;
    }

    private FeedbackRows() {}

    static long count(Connection connection, ExportFilter filter) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*)" + FROM + filter.where())) {
            filter.bind(statement, 1);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Streams the rows in the order of time (then usage_id and type), so two exports of one range are identical. */
    static void stream(Connection connection, ExportFilter filter, Each each) throws Exception {
        connection.setAutoCommit(false); // a cursor, not the whole result in memory
        connection.setReadOnly(true);
        try (PreparedStatement statement = connection.prepareStatement(
                SELECT + filter.where() + "\n ORDER BY f.occurred_at, f.usage_id, f.feedback_type_id")) {
            statement.setFetchSize(FETCH_SIZE);
            filter.bind(statement, 1);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    each.row(row(rows));
                }
            }
        } finally {
            connection.rollback();
        }
    }

    private static Object[] row(ResultSet rows) throws SQLException {
        Object[] row = new Object[COLUMNS.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = switch (COLUMNS.get(i).type()) {
                case STRING -> rows.getString(i + 1);
                case BOOLEAN -> rows.getObject(i + 1, Boolean.class);
                case INT -> rows.getObject(i + 1, Integer.class);
                case DOUBLE -> rows.getObject(i + 1, Double.class);
                case TIMESTAMP -> {
                    OffsetDateTime at = rows.getObject(i + 1, OffsetDateTime.class);
                    yield at == null ? null : at.toInstant();
                }
            };
        }
        return row;
    }
}
