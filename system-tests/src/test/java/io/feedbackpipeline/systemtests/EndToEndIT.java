package io.feedbackpipeline.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.feedbackctl.FeedbackCtl;
import io.feedbackpipeline.localstack.kafka.ConsumerGroupProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Through the gateway to the tables, on the packaged stack: Baseplate and Paradigm feedback land in PostgreSQL,
 * and a Baseplate rating of an existing log answers 200 with the log as updated (read-your-writes).
 */
class EndToEndIT extends RunningStackTest {

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @DisplayName("a Baseplate rating of an existing log answers 200 with positive_rating updated")
    void baseplateReadsItsWrite() throws Exception {
        String usage = "e2e-" + UUID.randomUUID();
        assertThat(call("POST", "/v1/completion-logs", """
                {"usage_id": "%s", "openai_name": "text-davinci-003", "prompt": "p", "completion": "c",
                 "values": {"tone": "angry"}}""".formatted(usage)).statusCode())
                .isEqualTo(202);
        awaitRow("SELECT 1 FROM completion_log WHERE usage_id = '" + usage + "'");

        HttpResponse<String> rated = call(
                "PATCH",
                "/endpoints/" + env.get("ENDPOINT_ID") + "/logs",
                "{\"usage_id\": \"" + usage + "\", \"positive_rating\": true}");

        assertThat(rated.statusCode()).isEqualTo(200);
        assertThat(rated.body())
                .contains("\"id\":\"" + usage + "\"")
                .contains("\"positive_rating\":true")
                .contains("\"rating\":0")
                .contains("\"openai_name\":\"text-davinci-003\"");
        assertThat(query("SELECT positive_rating::text FROM completion_log WHERE usage_id = '" + usage + "'"))
                .isEqualTo("true");
    }

    @Test
    @DisplayName(
            "a Baseplate batch answers 200 with its last entry's log; a rating of an unseen log answers 200 as far as known")
    void baseplateBatch() throws Exception {
        String a = "e2e-a-" + UUID.randomUUID();
        String b = "e2e-b-" + UUID.randomUUID();
        for (String usage : new String[] {a, b}) {
            call("POST", "/v1/completion-logs", "{\"usage_id\": \"" + usage + "\"}");
        }
        awaitRow("SELECT 1 FROM completion_log WHERE usage_id = '" + b + "'");
        awaitRow("SELECT 1 FROM completion_log WHERE usage_id = '" + a + "'");

        HttpResponse<String> batch =
                call("PATCH", "/endpoints/" + env.get("ENDPOINT_ID") + "/logs", """
                {"logs": [{"usage_id": "%s", "positive_rating": true}, {"usage_id": "%s", "positive_rating": true},
                          {"usage_id": "%s", "positive_rating": false}]}""".formatted(a, b, a));
        String unknown = "e2e-nolog-" + UUID.randomUUID();
        HttpResponse<String> noLog = call(
                "PATCH",
                "/endpoints/" + env.get("ENDPOINT_ID") + "/logs",
                "{\"usage_id\": \"" + unknown + "\", \"positive_rating\": false}");

        // Baseplate answers one completion log object: the log of the request's last entry.
        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(batch.body())
                .startsWith("{")
                .contains("\"id\":\"" + a + "\"")
                .contains("\"positive_rating\":false")
                .doesNotContain(b);
        assertThat(query("SELECT positive_rating::text FROM completion_log WHERE usage_id = '" + a + "'"))
                .isEqualTo("false");
        // A log the pipeline has not seen answers as far as it is known: id, project and rating, the rest null.
        assertThat(noLog.statusCode()).isEqualTo(200);
        assertThat(noLog.body())
                .contains("\"id\":\"" + unknown + "\"")
                .contains("\"positive_rating\":false")
                .contains("\"prompt\":null")
                .contains("\"values\":null");
        awaitRow("SELECT 1 FROM completion_feedback WHERE usage_id = '" + unknown + "' AND flag = false");
    }

    @Test
    @DisplayName("Paradigm feedback appears in completion_feedback with its display value")
    void paradigmFeedback() throws Exception {
        String completion = "e2e-p-" + UUID.randomUUID();
        HttpRequest form = request("/api/v2/rate/1/" + completion)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("flag=false&comment=off+topic&tag=relevance"))
                .build();

        assertThat(http.send(form, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(200);
        awaitRow("SELECT 1 FROM completion_feedback WHERE usage_id = '" + completion + "'");
        assertThat(query("SELECT flag || '/' || comment || '/' || tag || '/' || display_value::text"
                        + " FROM completion_feedback WHERE usage_id = '" + completion + "'"))
                .isEqualTo("false/off topic/relevance/false");
    }

    @Test
    @DisplayName(
            "a dead letter re-driven after its cause is fixed lands in the tables; re-driving again changes nothing")
    void deadLetterRedriveAfterFix() throws Exception {
        int typeId = 900_000 + new Random().nextInt(99_999);
        String usage = "e2e-dlt-" + UUID.randomUUID();
        Instant since = Instant.now();
        Path lines = home.resolve("dlt-" + typeId + ".jsonl");
        Files.writeString(
                lines, "{\"usage_id\": \"" + usage + "\", \"feedback_type_id\": " + typeId + ", \"flag\": true}\n");
        assertThat(feedbackctl("produce", "--project", env.get("PROJECT_ID"), "--file", lines.toString())
                        .code())
                .isZero();

        String reason = "invalid-event";
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> feedbackctl("dlt", "list", "--reason", reason, "--from", since.toString())
                                .out(),
                        out -> out.contains("unknown feedback type " + typeId));
        assertThat(query("SELECT 1 FROM completion_feedback WHERE usage_id = '" + usage + "'"))
                .isNull();

        // The fix: the feedback type the producer meant now exists.
        try (Connection connection =
                DriverManager.getConnection(env.get("JDBC_URL"), env.get("JDBC_USER"), env.get("JDBC_PASSWORD"))) {
            connection
                    .createStatement()
                    .executeUpdate("INSERT INTO feedback_type (id, project_id, name, kind) VALUES (" + typeId + ", '"
                            + env.get("PROJECT_ID") + "', 'fixed-" + typeId + "', 'BOOLEAN')");
        }
        Ctl redrive = feedbackctl("dlt", "redrive", "--reason", reason, "--from", since.toString());
        assertThat(redrive.out()).contains("re-drove 1 dead letter(s)");
        awaitRow("SELECT 1 FROM completion_feedback WHERE usage_id = '" + usage + "' AND flag = true");
        String before = query("SELECT updated_at::text FROM completion_feedback WHERE usage_id = '" + usage + "'");

        assertThat(feedbackctl("dlt", "redrive", "--reason", reason, "--from", since.toString())
                        .out())
                .contains("re-drove 1 dead letter(s)");
        // The marker that the second re-drive was processed: the processor's offsets reach the topics' end.
        ConsumerGroupProgress.awaitCaughtUp(
                env.get("KAFKA_BOOTSTRAP_SERVERS"), ConsumerGroupProgress.PROCESSOR_GROUP, Duration.ofSeconds(30));
        assertThat(query("SELECT updated_at::text FROM completion_feedback WHERE usage_id = '" + usage + "'"))
                .as("a second re-drive writes nothing")
                .isEqualTo(before);
        assertThat(feedbackctl("status").out()).contains("feedback.v1.dlt").contains("last projection commit");
    }

    record Ctl(int code, String out, String err) {}

    private static Ctl feedbackctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FeedbackCtl.execute(args, env, new PrintWriter(out), new PrintWriter(err));
        return new Ctl(code, out.toString(), err.toString());
    }

    private HttpResponse<String> call(String method, String path, String json) throws Exception {
        return http.send(
                request(path)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(env.get("GATEWAY_URL") + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + env.get("API_KEY"));
    }

    private static void awaitRow(String sql) {
        Awaitility.await()
                .alias("a row for: " + sql)
                .atMost(Duration.ofSeconds(30))
                .until(() -> query(sql) != null);
    }

    private static String query(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(
                        env.get("JDBC_URL"), env.get("JDBC_USER"), env.get("JDBC_PASSWORD"));
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : null;
        }
    }
}
