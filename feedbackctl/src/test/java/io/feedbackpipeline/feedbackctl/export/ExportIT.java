package io.feedbackpipeline.feedbackctl.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.feedbackctl.FeedbackCtl;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23: {@code feedbackctl export} on the real database, every format read back by an independent reader (DuckDB)
 * and compared row for row with the tables; preference pairs; bad filters and paths; a failure in the middle.
 */
@WithPipelineInfrastructure
class ExportIT {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    record Run(int code, String out, String err) {}

    PipelineInfrastructure infrastructure;
    Map<String, String> environment;

    @TempDir
    Path directory;

    @BeforeEach
    void setUp(PipelineInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
        environment = Map.of(
                "JDBC_URL",
                infrastructure.jdbcUrl(),
                "JDBC_USER",
                PostgresServer.OWNER.name(),
                "JDBC_PASSWORD",
                PostgresServer.OWNER.password());
    }

    @Test
    @DisplayName("JSON Lines, CSV and Parquet read back by DuckDB equal the tables row for row, filters included")
    void everyFormatReadsBackAsTheTables() throws Exception {
        UUID project = project();
        UUID other = project();
        sql(seed(project, 600));
        sql(seed(other, 50));

        List<List<String>> all = expected(project, "");
        assertThat(all).hasSize(600);
        for (String format : List.of("jsonl", "csv", "parquet")) {
            Path file = directory.resolve("all." + format);
            Run run = run("export", "--project", project.toString(), "--format", format, "--output", file.toString());
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.err()).contains("600/600 rows").contains("wrote " + file);
            assertThat(duckdb(format, file)).as(format).isEqualTo(all);
        }

        Path filtered = directory.resolve("filtered.csv");
        Run run = run(
                "export",
                "--project",
                project.toString(),
                "--format",
                "csv",
                "--output",
                filtered.toString(),
                "--from",
                T0.plusSeconds(100).toString(),
                "--to",
                T0.plusSeconds(400).toString(),
                "--model",
                "model-b",
                "--tag",
                "t1");
        assertThat(run.code()).as(run.err()).isZero();
        List<List<String>> expected = expected(
                project,
                " AND f.occurred_at >= '" + T0.plusSeconds(100) + "' AND f.occurred_at < '" + T0.plusSeconds(400)
                        + "' AND l.model = 'model-b' AND f.tag = 't1'");
        assertThat(expected).isNotEmpty().hasSizeLessThan(100);
        assertThat(duckdb("csv", filtered)).isEqualTo(expected);

        UUID endpoint = new CatalogAdmin(infrastructure.dataSource())
                .createEndpoint(project, "support")
                .id();
        sql("UPDATE completion_log SET endpoint_id = '" + endpoint + "' WHERE project_id = '" + project
                + "' AND substr(usage_id, 3)::int % 4 = 0");
        Path byEndpoint = directory.resolve("endpoint.parquet");
        Run endpointRun = run(
                "export",
                "--project",
                project.toString(),
                "--format",
                "parquet",
                "--output",
                byEndpoint.toString(),
                "--endpoint",
                endpoint.toString(),
                "--feedback-type",
                "1");
        assertThat(endpointRun.code()).as(endpointRun.err()).isZero();
        List<List<String>> ofEndpoint = expected(
                project, " AND coalesce(l.endpoint_id, f.endpoint_id) = '" + endpoint + "' AND f.feedback_type_id = 1");
        assertThat(ofEndpoint).hasSizeBetween(100, 200);
        assertThat(duckdb("parquet", byEndpoint)).isEqualTo(ofEndpoint);

        Run toStandardOutput = run("export", "--project", project.toString(), "--format", "jsonl", "--output", "-");
        assertThat(toStandardOutput.code()).isZero();
        assertThat(toStandardOutput.out().lines()).hasSize(600);
        assertThat(toStandardOutput.out()).doesNotContain(other.toString());
    }

    @Test
    @DisplayName(
            "--pairs: thumbs and scores within a prompt (same endpoint and text, or template and values), never across projects")
    void preferencePairs() throws Exception {
        UUID project = project();
        UUID other = project();
        UUID endpoint = new CatalogAdmin(infrastructure.dataSource())
                .createEndpoint(project, "chat")
                .id();
        int score = scoreType(project);
        String france = "What is the capital of France?";
        rate(project, endpoint, "c1", france, null, "Paris", 1, true, null);
        rate(project, endpoint, "c2", france, null, "Lyon", 1, false, null);
        rate(project, endpoint, "c3", france, null, "Paris, of course.", 1, true, null);
        rate(project, endpoint, "c4", "Say Rome in Italian", "tpl-city", "Roma", 1, true, null);
        rate(project, endpoint, "c5", "Say Rome  in Italian!", "tpl-city", "Milano", 1, false, null);
        rate(project, endpoint, "c6", "Only praise", null, "Good", 1, true, null);
        rate(project, endpoint, "c7", "Only praise", null, "Fine", 1, true, null);
        rate(project, endpoint, "c8", "Rate me", null, "nine", score, null, 9.0);
        rate(project, endpoint, "c9", "Rate me", null, "five", score, null, 5.0);
        rate(project, endpoint, "c10", "Rate me", null, "eight and a half", score, null, 8.5);
        rate(other, null, "x1", france, null, "Marseille", 1, false, null);

        Path thumbs = directory.resolve("pairs.parquet");
        Run run = run(
                "export",
                "--project",
                project.toString(),
                "--format",
                "parquet",
                "--output",
                thumbs.toString(),
                "--pairs");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("3 preference pairs from 2 of 3 prompts");
        assertThat(rows("SELECT prompt, chosen, rejected, chosen_usage_id, rejected_usage_id FROM read_parquet('"
                        + thumbs + "') ORDER BY chosen_usage_id"))
                .containsExactly(
                        List.of(france, "Paris", "Lyon", "c1", "c2"),
                        List.of(france, "Paris, of course.", "Lyon", "c3", "c2"),
                        List.of("Say Rome in Italian", "Roma", "Milano", "c4", "c5"));

        Run scored = run(
                "export",
                "--project",
                project.toString(),
                "--format",
                "jsonl",
                "--output",
                "-",
                "--pairs",
                "--feedback-type",
                Integer.toString(score),
                "--margin",
                "1");
        assertThat(scored.code()).as(scored.err()).isZero();
        assertThat(scored.err()).contains("2 preference pairs from 1 of 1 prompts");
        Path scoredFile = directory.resolve("scored.jsonl");
        Files.writeString(scoredFile, scored.out());
        assertThat(rows("SELECT chosen, rejected, chosen_score, rejected_score FROM read_json('" + scoredFile
                        + "', format = 'newline_delimited') ORDER BY chosen"))
                .containsExactly(
                        List.of("eight and a half", "five", "8.5", "5.0"), List.of("nine", "five", "9.0", "5.0"));
    }

    @Test
    @DisplayName("a bad filter or an unwritable path: a clear error, a non-zero exit and nothing written")
    void badFiltersAndPaths() throws Exception {
        UUID project = project();
        Path target = directory.resolve("out.jsonl");
        assertThat(run("export", "--project", "nope", "--format", "jsonl", "--output", target.toString()))
                .satisfies(r -> {
                    assertThat(r.code()).isEqualTo(FeedbackCtl.USAGE);
                    assertThat(r.err()).contains("--project");
                });
        assertThat(run(
                                "export",
                                "--project",
                                UUID.randomUUID().toString(),
                                "--format",
                                "jsonl",
                                "--output",
                                target.toString())
                        .code())
                .isEqualTo(FeedbackCtl.NOT_FOUND);
        assertThat(run(
                                "export",
                                "--project",
                                project.toString(),
                                "--format",
                                "jsonl",
                                "--output",
                                target.toString(),
                                "--feedback-type",
                                "987654")
                        .err())
                .contains("--feedback-type 987654 is not a feedback type of the project");
        assertThat(run(
                                "export",
                                "--project",
                                project.toString(),
                                "--format",
                                "jsonl",
                                "--output",
                                target.toString(),
                                "--from",
                                "2026-12-01T00:00:00Z",
                                "--to",
                                "2026-11-01T00:00:00Z")
                        .err())
                .contains("--from must be before --to");
        assertThat(run("export", "--project", project.toString(), "--format", "xml", "--output", target.toString())
                        .code())
                .isEqualTo(FeedbackCtl.USAGE);
        assertThat(run("export", "--project", project.toString(), "--format", "parquet", "--output", "-")
                        .err())
                .contains("Parquet needs a file");
        Run unwritable = run(
                "export",
                "--project",
                project.toString(),
                "--format",
                "csv",
                "--output",
                directory.resolve("missing/dir/out.csv").toString());
        assertThat(unwritable.code()).isEqualTo(FeedbackCtl.USAGE);
        assertThat(unwritable.err()).contains("cannot write --output").contains("no such directory");
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left).as("nothing written").isEmpty();
        }
    }

    @Test
    @DisplayName("the database connection killed in the middle: exit 1, the old file untouched, no partial file left")
    void failureInTheMiddleLeavesNothingHalfWritten() throws Exception {
        UUID project = project();
        sql(seed(project, 300_000));
        Path target = directory.resolve("big.jsonl");
        Files.writeString(target, "the previous export\n");

        CompletableFuture<Run> export = CompletableFuture.supplyAsync(() ->
                run("export", "--project", project.toString(), "--format", "jsonl", "--output", target.toString()));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!writing() && System.nanoTime() < deadline && !export.isDone()) {
            Thread.sleep(5);
        }
        try (Connection admin = infrastructure.postgres().superuser().getConnection();
                Statement sql = admin.createStatement()) {
            sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE query LIKE '%ORDER BY f.occurred_at%' AND pid <> pg_backend_pid()");
        }
        Run failed = export.get();

        assertThat(failed.code()).as(failed.err()).isEqualTo(FeedbackCtl.FAILED);
        assertThat(failed.err()).contains("cannot read the feedback");
        assertThat(Files.readString(target)).isEqualTo("the previous export\n");
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left).containsExactly(target);
        }
    }

    /** A partial file with rows in it: the export is streaming. */
    private boolean writing() throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".partial") && size(f) > 0);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (Exception e) {
            return 0;
        }
    }

    /**
     * {@code count} registers over {@code count} seconds: thumbs and a comment with commas, quotes, line breaks and
     * non-ASCII text, empty strings beside nulls, two models, every fifth without its log.
     */
    private static String seed(UUID project, int count) {
        return """
                INSERT INTO completion_log (project_id, usage_id, created_at, model, prompt, completion, template_id,
                                            "values", log_emitted_at, log_event_id)
                SELECT '%1$s', 'u-' || i, timestamptz '%3$s' + i * interval '1 second',
                       CASE WHEN i %% 2 = 0 THEN 'model-a' ELSE 'model-b' END,
                       'prompt ünï 🙂 "' || i || '", again', E'line one\\nline two, ' || i,
                       CASE WHEN i %% 3 = 0 THEN 'tpl' END, jsonb_build_object('k', i),
                       timestamptz '%3$s', gen_random_uuid()
                  FROM generate_series(1, %2$d) i WHERE i %% 5 <> 0;
                INSERT INTO completion_feedback (project_id, usage_id, feedback_type_id, flag, comment, tag,
                                                 display_value, end_user_id, occurred_at, event_id, item_index,
                                                 received_at, source_topic, source_partition, source_offset)
                SELECT '%1$s', 'u-' || i, 1, i %% 2 = 0,
                       CASE WHEN i %% 7 = 0 THEN E'good, "really"\\r\\nthanks ✓' WHEN i %% 11 = 0 THEN '' END,
                       't' || (i %% 3), 'true', CASE WHEN i %% 4 = 0 THEN 'user-' || i END,
                       timestamptz '%3$s' + i * interval '1 second' + interval '123456 microseconds',
                       gen_random_uuid(), 0, now(), 'feedback.v1', 0, i
                  FROM generate_series(1, %2$d) i""".formatted(project, count, T0);
    }

    /** The export's rows as the tables hold them, each value as text the way the formats write it. */
    private List<List<String>> expected(UUID project, String andWhere) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection connection = infrastructure.dataSource().getConnection();
                PreparedStatement query = connection.prepareStatement(
                        """
                        SELECT f.usage_id, f.feedback_type_id, t.name, f.flag, f.value, f.comment, f.tag, f.occurred_at,
                               f.end_user_id, f.event_id::text, coalesce(l.endpoint_id, f.endpoint_id)::text, l.model,
                               l.template_id, l."values"::text, l.prompt, l.completion, l.created_at
                          FROM completion_feedback f JOIN feedback_type t ON t.id = f.feedback_type_id
                          LEFT JOIN completion_log l ON l.project_id = f.project_id AND l.usage_id = f.usage_id
                         WHERE f.project_id = ?""" + andWhere + " ORDER BY f.occurred_at, f.usage_id, f.feedback_type_id")) {
            query.setObject(1, project);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(texts(result));
                }
            }
        }
        return rows;
    }

    /** DuckDB's reading of an export: JSON Lines and CSV as text exactly as written, Parquet with its types. */
    private List<List<String>> duckdb(String format, Path file) throws SQLException {
        String columns = "{"
                + String.join(
                        ", ",
                        FeedbackRows.COLUMNS.stream()
                                .map(c -> "'" + c.name() + "': 'VARCHAR'")
                                .toList()) + "}";
        String source = switch (format) {
            case "jsonl" -> "read_json('" + file + "', format = 'newline_delimited', columns = " + columns + ")";
            case "csv" ->
                "read_csv('" + file + "', header = true, allow_quoted_nulls = false, columns = " + columns + ")";
            default -> "read_parquet('" + file + "')";
        };
        return rows("SELECT * FROM " + source);
    }

    private static List<List<String>> rows(String duckSql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duck.createStatement();
                ResultSet result = statement.executeQuery(duckSql)) {
            while (result.next()) {
                rows.add(texts(result));
            }
        }
        return rows;
    }

    /** Every value as text: timestamps as ISO-8601 instants, numbers and booleans as Java prints them. */
    private static List<String> texts(ResultSet result) throws SQLException {
        ResultSetMetaData meta = result.getMetaData();
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            Object value = result.getObject(i);
            if (value == null) {
                row.add(null);
            } else if (value instanceof OffsetDateTime at) {
                row.add(at.toInstant().toString());
            } else if (value instanceof java.sql.Timestamp at) {
                row.add(at.toInstant().toString());
            } else if (value instanceof Number number && !(value instanceof Integer)) {
                row.add(Double.toString(number.doubleValue()));
            } else {
                row.add(value.toString());
            }
        }
        return row;
    }

    private UUID project() {
        return new CatalogAdmin(infrastructure.dataSource())
                .createProject("export-" + UUID.randomUUID())
                .id();
    }

    private int scoreType(UUID project) throws SQLException {
        try (Connection connection = infrastructure.dataSource().getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO feedback_type (project_id, name, kind, min_value, max_value)"
                                + " VALUES (?, 'score', 'NUMERIC', 0, 10) RETURNING id")) {
            insert.setObject(1, project);
            try (ResultSet id = insert.executeQuery()) {
                id.next();
                return id.getInt(1);
            }
        }
    }

    private void rate(
            UUID project,
            UUID endpoint,
            String usageId,
            String prompt,
            String template,
            String completion,
            int type,
            Boolean flag,
            Double value)
            throws SQLException {
        try (Connection connection = infrastructure.dataSource().getConnection();
                PreparedStatement log = connection.prepareStatement("""
                        INSERT INTO completion_log (project_id, usage_id, endpoint_id, created_at, prompt, completion,
                                                    template_id, "values", log_emitted_at, log_event_id)
                        VALUES (?, ?, ?, now(), ?, ?, ?, CASE WHEN ? IS NULL THEN '{}' ELSE '{"city": "Rome"}' END::jsonb,
                                now(), gen_random_uuid())
                        ON CONFLICT DO NOTHING""");
                PreparedStatement feedback = connection.prepareStatement("""
                        INSERT INTO completion_feedback (project_id, usage_id, feedback_type_id, flag, value,
                                                         occurred_at, event_id, item_index, received_at, source_topic,
                                                         source_partition, source_offset)
                        VALUES (?, ?, ?, ?, ?, now(), gen_random_uuid(), 0, now(), 'feedback.v1', 0, 0)""")) {
            log.setObject(1, project);
            log.setString(2, usageId);
            log.setObject(3, endpoint);
            log.setString(4, prompt);
            log.setString(5, completion);
            log.setString(6, template);
            log.setString(7, template);
            log.executeUpdate();
            feedback.setObject(1, project);
            feedback.setString(2, usageId);
            feedback.setInt(3, type);
            feedback.setObject(4, flag);
            feedback.setObject(5, value);
            feedback.executeUpdate();
        }
    }

    private void sql(String statements) throws SQLException {
        try (Connection connection = infrastructure.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(statements);
        }
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FeedbackCtl.execute(args, environment, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }
}
