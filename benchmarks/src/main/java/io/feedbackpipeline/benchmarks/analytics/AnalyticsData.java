package io.feedbackpipeline.benchmarks.analytics;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.FeedbackKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A project with 30 days of feedback written straight into the projection's tables by set-based SQL, so ten million
 * rows take minutes rather than the hours a replay would: per usage id a completion log (five models, three
 * endpoints, four templates) and two registers, a thumbs rating (models liked 60-84%) and a 1-5 star score, one in
 * ten tagged. The rows are what the processor would have written; the rollup is then built from marks on every hour,
 * as the migration marks existing data.
 */
public record AnalyticsData(UUID project, String apiKey, Instant from, Instant to, long rows) {

    static final Duration SPAN = Duration.ofDays(30);

    public static AnalyticsData load(DataSource owner, int usageIds) throws SQLException {
        CatalogAdmin catalog = new CatalogAdmin(owner, "analytics benchmark");
        UUID project = catalog.createProject("analytics-benchmark-" + UUID.randomUUID())
                .id();
        List<UUID> endpoints = List.of(
                catalog.createEndpoint(project, "support-bot").id(),
                catalog.createEndpoint(project, "search-answers").id(),
                catalog.createEndpoint(project, "code-review").id());
        int stars = catalog.createFeedbackType(project, "stars", FeedbackKind.NUMERIC, 1.0, 5.0)
                .orElseThrow()
                .id();
        String key =
                catalog.issueApiKey(project, "analytics benchmark").secret().value();
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Instant from = to.minus(SPAN);
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("SET synchronous_commit = off");
            }
            try (PreparedStatement logs = c.prepareStatement("""
                    INSERT INTO completion_log (project_id, usage_id, endpoint_id, created_at, model, template_id,
                                                "values", prompt, completion, log_emitted_at, log_event_id)
                    SELECT ?, 'a-' || n, (ARRAY[?, ?, ?]::uuid[])[1 + n % 3], t, 'model-' || (n * 7 % 5),
                           'template-' || (n % 4), '{"lang": "en"}', 'a prompt', 'an answer ' || n, t, gen_random_uuid()
                      FROM (SELECT n, ?::timestamptz + ((n - 1) * ?::double precision) * interval '1 second' AS t
                              FROM generate_series(1, ?) n) g""")) {
                logs.setObject(1, project);
                logs.setObject(2, endpoints.get(0));
                logs.setObject(3, endpoints.get(1));
                logs.setObject(4, endpoints.get(2));
                logs.setTimestamp(5, Timestamp.from(from));
                logs.setDouble(6, (double) SPAN.toSeconds() / usageIds);
                logs.setInt(7, usageIds);
                logs.executeUpdate();
            }
            try (PreparedStatement feedback = c.prepareStatement("""
                    INSERT INTO completion_feedback (project_id, usage_id, feedback_type_id, flag, value, tag,
                                                     endpoint_id, occurred_at, event_id, item_index, received_at,
                                                     source_topic, source_partition, source_offset)
                    SELECT l.project_id, l.usage_id, t.type,
                           CASE WHEN t.type = 1 THEN random() < 0.6 + 0.06 * (n * 7 % 5) END,
                           CASE WHEN t.type <> 1 THEN 1 + floor(random() * 5) END,
                           CASE WHEN random() < 0.1 THEN (ARRAY['slow', 'wrong-facts', 'helpful'])[1 + n % 3] END,
                           l.endpoint_id, l.created_at + interval '30 seconds', gen_random_uuid(), 0,
                           l.created_at + interval '30 seconds', 'feedback.v1', 0, n
                      FROM generate_series(1, ?) n
                      JOIN completion_log l ON l.project_id = ? AND l.usage_id = 'a-' || n
                     CROSS JOIN (VALUES (1), (?)) t(type)""")) {
                feedback.setInt(1, usageIds);
                feedback.setObject(2, project);
                feedback.setInt(3, stars);
                feedback.executeUpdate();
            }
            try (PreparedStatement marks = c.prepareStatement("""
                    INSERT INTO feedback_rollup_dirty (project_id, hour)
                    SELECT DISTINCT project_id, date_trunc('hour', occurred_at, 'UTC')
                      FROM completion_feedback WHERE project_id = ?""")) {
                marks.setObject(1, project);
                marks.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE completion_log, completion_feedback, feedback_rollup_dirty");
            }
        }
        return new AnalyticsData(project, key, from, to, 2L * usageIds);
    }
}
