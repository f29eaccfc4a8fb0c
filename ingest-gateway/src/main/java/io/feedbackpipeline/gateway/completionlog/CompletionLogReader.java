package io.feedbackpipeline.gateway.completionlog;

import io.feedbackpipeline.catalog.ProjectionTables;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads completion logs of one project in exactly Baseplate's log shape (field names, order, timestamp format),
 * optionally with every feedback register on them.
 */
@Component
public class CompletionLogReader {

    private static final DateTimeFormatter BASEPLATE_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    private static final String LOG_COLUMNS = """
            project_id, usage_id, user_id, created_at, model, cost, prompt, completion, temperature, managed,
            template_id, "values"::text AS values_json, positive_rating, rating,
            log_event_id IS NOT NULL AS logged""";

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    CompletionLogReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The logs that exist among {@code usageIds}, keyed by usage_id. A row whose log has not arrived (a rating
     * that came first holds its place) is not a log.
     */
    public Map<String, CompletionLogView> logs(UUID project, List<String> usageIds) {
        return read(project, usageIds, " AND log_event_id IS NOT NULL");
    }

    /**
     * The logs among {@code usageIds} as far as they are known, keyed by usage_id: a log that has not arrived but
     * was rated is its id, project and rating, every other field null (what Baseplate's rating call answers).
     */
    public Map<String, CompletionLogView> ratedLogs(UUID project, List<String> usageIds) {
        return read(project, usageIds, "");
    }

    private Map<String, CompletionLogView> read(UUID project, List<String> usageIds, String condition) {
        Map<String, CompletionLogView> logs = new LinkedHashMap<>();
        jdbc.sql("SELECT " + LOG_COLUMNS + " FROM " + ProjectionTables.LIVE.log()
                        + " WHERE project_id = ? AND usage_id = ANY(?)" + condition)
                .param(project)
                .param(usageIds.toArray(String[]::new))
                .query((row, n) -> logs.put(row.getString("usage_id"), baseplateShape(row)))
                .list();
        return logs;
    }

    /** One log with a {@code feedback} array of every feedback type given on it. */
    public Optional<CompletionLogView> logWithFeedback(UUID project, String usageId) {
        CompletionLogView log = logs(project, List.of(usageId)).get(usageId);
        if (log == null) {
            return Optional.empty();
        }
        return Optional.of(log.withFeedback(jdbc.sql("""
                        SELECT f.feedback_type_id, t.name, t.kind, f.flag, f.value, f.comment, f.tag,
                               f.display_value::text AS display_value, f.occurred_at, f.event_id
                          FROM {feedback} f JOIN feedback_type t ON t.id = f.feedback_type_id
                         WHERE f.project_id = ? AND f.usage_id = ? ORDER BY f.feedback_type_id""".replace("{feedback}", ProjectionTables.LIVE.feedback()))
                .param(project)
                .param(usageId)
                .query((row, n) -> feedbackShape(row))
                .list()));
    }

    @SuppressWarnings("unchecked")
    private CompletionLogView baseplateShape(ResultSet row) throws SQLException {
        OffsetDateTime created = row.getObject("created_at", OffsetDateTime.class);
        created = created == null ? null : created.withOffsetSameInstant(ZoneOffset.UTC);
        return new CompletionLogView(
                row.getString("user_id"),
                row.getObject("project_id", UUID.class).toString(),
                created == null ? null : BASEPLATE_TIMESTAMP.format(created),
                row.getString("model"),
                row.getObject("cost", Double.class),
                row.getString("prompt"),
                row.getString("completion"),
                row.getString("usage_id"),
                created == null ? null : created.toLocalDate().toString(),
                row.getInt("rating"),
                row.getObject("temperature", Double.class),
                null,
                row.getObject("managed", Boolean.class),
                row.getObject("positive_rating", Boolean.class),
                row.getString("template_id"),
                row.getBoolean("logged") ? json.readValue(row.getString("values_json"), Map.class) : null,
                null);
    }

    private CompletionLogView.FeedbackView feedbackShape(ResultSet row) throws SQLException {
        String display = row.getString("display_value");
        return new CompletionLogView.FeedbackView(
                row.getInt("feedback_type_id"),
                row.getString("name"),
                row.getString("kind"),
                row.getObject("flag", Boolean.class),
                row.getObject("value", Double.class),
                row.getString("comment"),
                row.getString("tag"),
                display == null ? null : json.readValue(display, Object.class),
                row.getObject("occurred_at", OffsetDateTime.class)
                        .withOffsetSameInstant(ZoneOffset.UTC)
                        .toString(),
                row.getObject("event_id", UUID.class).toString());
    }
}
