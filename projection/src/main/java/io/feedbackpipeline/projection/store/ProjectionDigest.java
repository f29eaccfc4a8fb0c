package io.feedbackpipeline.projection.store;

import io.feedbackpipeline.catalog.ProjectionTables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A digest of what the projection holds, to compare two builds: every column except {@code updated_at} and the
 * {@code source_*} provenance (which names whichever copy of an item was applied first).
 */
public final class ProjectionDigest {

    private static final String DIGEST = """
            SELECT md5(coalesce((SELECT string_agg(row(f.project_id, f.usage_id, f.feedback_type_id, f.flag, f.value,
                       f.comment, f.tag, f.display_value, f.endpoint_id, f.occurred_at, f.event_id, f.item_index,
                       f.received_at)::text, '|' ORDER BY f.project_id, f.usage_id, f.feedback_type_id)
                  FROM {feedback} f WHERE (?::uuid IS NULL OR f.project_id = ?::uuid)), '')
                || '#' || coalesce((SELECT string_agg(row(l.project_id, l.usage_id, l.endpoint_id, l.user_id,
                       l.created_at, l.model, l.cost, l.prompt, l.completion, l.temperature, l.managed,
                       l.template_id, l."values", l.positive_rating, l.rating, l.log_emitted_at,
                       l.log_event_id)::text, '|' ORDER BY l.project_id, l.usage_id)
                  FROM {log} l WHERE (?::uuid IS NULL OR l.project_id = ?::uuid)), ''))""";

    private ProjectionDigest() {}

    /** The digest of one project's rows, or of all rows when {@code project} is null. */
    public static String of(DataSource dataSource, ProjectionTables tables, UUID project) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(tables.apply(DIGEST))) {
            for (int i = 1; i <= 4; i++) {
                statement.setObject(i, project);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compute the projection digest", e);
        }
    }
}
