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
    public Map<String, Map<String, Object>> logs(UUID project, List<String> usageIds) {
        return read(project, usageIds, " AND log_event_id IS NOT NULL");
    }

    /**
     * The logs among {@code usageIds} as far as they are known, keyed by usage_id: a log that has not arrived but
     * was rated is its id, project and rating, every other field null (what Baseplate's rating call answers).
     */
    public Map<String, Map<String, Object>> ratedLogs(UUID project, List<String> usageIds) {
        return read(project, usageIds, "");
    }

    private Map<String, Map<String, Object>> read(UUID project, List<String> usageIds, String condition) {
        Map<String, Map<String, Object>> logs = new LinkedHashMap<>();
        jdbc.sql("SELECT " + LOG_COLUMNS + " FROM " + ProjectionTables.LIVE.log()
                        + " WHERE project_id = ? AND usage_id = ANY(?)" + condition)
                .param(project)
                .param(usageIds.toArray(String[]::new))
                .query((row, n) -> logs.put(row.getString("usage_id"), baseplateShape(row)))
                .list();
        return logs;
    }

    /** One log with a {@code feedback} array of every feedback type given on it. */
    public Optional<Map<String, Object>> logWithFeedback(UUID project, String usageId) {
        Map<String, Object> log = logs(project, List.of(usageId)).get(usageId);
        if (log == null) {
            return Optional.empty();
        }
        log.put(
                "feedback",
                jdbc.sql("""
                        SELECT f.feedback_type_id, t.name, t.kind, f.flag, f.value, f.comment, f.tag,
                               f.display_value::text AS display_value, f.occurred_at, f.event_id
                          FROM {feedback} f JOIN feedback_type t ON t.id = f.feedback_type_id
                         WHERE f.project_id = ? AND f.usage_id = ? ORDER BY f.feedback_type_id""".replace("{feedback}", ProjectionTables.LIVE.feedback()))
                        .param(project)
                        .param(usageId)
                        .query((row, n) -> feedbackShape(row))
                        .list());
        return Optional.of(log);
    }

    private Map<String, Object> baseplateShape(ResultSet row) throws SQLException {
        OffsetDateTime created = row.getObject("created_at", OffsetDateTime.class);
        created = created == null ? null : created.withOffsetSameInstant(ZoneOffset.UTC);
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("user_id", row.getString("user_id"));
        log.put("project_id", row.getObject("project_id", UUID.class).toString());
        log.put("timestamp", created == null ? null : BASEPLATE_TIMESTAMP.format(created));
        log.put("openai_name", row.getString("model"));
        log.put("cost", row.getObject("cost", Double.class));
        log.put("prompt", row.getString("prompt"));
        log.put("completion", row.getString("completion"));
        log.put("id", row.getString("usage_id"));
        log.put("date", created == null ? null : created.toLocalDate().toString());
        log.put("rating", row.getInt("rating"));
        log.put("temp", row.getObject("temperature", Double.class));
        log.put("completions", null);
        log.put("managed", row.getObject("managed", Boolean.class));
        log.put("positive_rating", row.getObject("positive_rating", Boolean.class));
        log.put("template_id", row.getString("template_id"));
        log.put("values", row.getBoolean("logged") ? json.readValue(row.getString("values_json"), Map.class) : null);
        return log;
    }

    private Map<String, Object> feedbackShape(ResultSet row) throws SQLException {
        Map<String, Object> feedback = new LinkedHashMap<>();
        feedback.put("feedback_type_id", row.getInt("feedback_type_id"));
        feedback.put("name", row.getString("name"));
        feedback.put("kind", row.getString("kind"));
        feedback.put("flag", row.getObject("flag", Boolean.class));
        feedback.put("value", row.getObject("value", Double.class));
        feedback.put("comment", row.getString("comment"));
        feedback.put("tag", row.getString("tag"));
        String display = row.getString("display_value");
        feedback.put("display_value", display == null ? null : json.readValue(display, Object.class));
        feedback.put(
                "occurred_at",
                row.getObject("occurred_at", OffsetDateTime.class)
                        .withOffsetSameInstant(ZoneOffset.UTC)
                        .toString());
        feedback.put("event_id", row.getObject("event_id", UUID.class).toString());
        return feedback;
    }
}
