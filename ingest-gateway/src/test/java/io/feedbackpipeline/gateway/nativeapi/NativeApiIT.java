package io.feedbackpipeline.gateway.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.gateway.support.Http.Response;
import io.feedbackpipeline.gateway.support.Tenant;
import io.feedbackpipeline.gateway.support.TopicProbe;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.feedbackpipeline.schemas.contract.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

@GatewayIT
class NativeApiIT extends GatewayTestBase {

    @Test
    @DisplayName("POST /v1/feedback publishes one batch across usage_ids and types, keeping given occurred_at")
    void feedbackBatch() {
        int score = tenant.createFeedbackType(infrastructure, "NUMERIC", 0.0, 10.0);
        Response response =
                http.json("POST", "/v1/feedback", tenant.apiKey(), """
                {"endpoint_id": "%s", "items": [
                  {"usage_id": "u1", "feedback_type_id": 1, "flag": true},
                  {"usage_id": "u2", "feedback_type_id": %d, "value": 7.5, "occurred_at": "2026-01-02T03:04:05.123456Z"}
                ]}""".formatted(tenant.endpointId(), score));

        assertThat(response.status()).isEqualTo(202);
        assertThat(JsonPath.<Integer>read(response.body(), "$.items")).isEqualTo(2);
        ConsumerRecord<String, FeedbackBatch> record = feedback.awaitRecord(this::ours);
        FeedbackBatch batch = record.value();
        assertThat(record.key()).isEqualTo(tenant.endpointId().toString());
        assertThat(batch.getSource()).isEqualTo(FeedbackSource.NATIVE_API);
        assertThat(batch.getItems()).hasSize(2);
        assertThat(batch.getItems().get(0).getOccurredAt()).isEqualTo(batch.getReceivedAt());
        assertThat(batch.getItems().get(1).getOccurredAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05.123456Z"));
        assertThat(batch.getItems().get(1).getValue()).isEqualTo(7.5);
    }

    @Test
    @DisplayName("one answer lists every bad item by index and field; nothing is published")
    void allViolationsAtOnce() {
        Response response = http.json("POST", "/v1/feedback", tenant.apiKey(), """
                {"items": [
                  {"usage_id": "ok", "feedback_type_id": 1, "flag": true},
                  {"usage_id": "u", "feedback_type_id": 1},
                  {"feedback_type_id": "one", "flag": true},
                  {"usage_id": "u", "feedback_type_id": 1, "flag": true, "tag": "%s"},
                  {"usage_id": "u", "feedback_type_id": 424242, "flag": true},
                  {"usage_id": "u", "feedback_type_id": 1, "flag": true, "occurred_at": "2999-01-01T00:00:00Z"},
                  "not an object"
                ]}""".formatted("t".repeat(121)));

        assertThat(response.status()).isEqualTo(400);
        List<Map<String, Object>> errors = JsonPath.read(response.body(), "$.errors");
        assertThat(errors)
                .extracting(e -> e.get("index") + ":" + e.get("field"))
                .contains("2:usage_id", "2:feedback_type_id", "5:occurred_at", "6:items");
        assertThat(ourBatchesSoFar()).isEmpty();

        Response typeErrors = http.json("POST", "/v1/feedback", tenant.apiKey(), """
                {"items": [
                  {"usage_id": "u", "feedback_type_id": 1},
                  {"usage_id": "u", "feedback_type_id": 1, "flag": true, "tag": "%s"},
                  {"usage_id": "u", "feedback_type_id": 424242, "flag": true}
                ]}""".formatted("t".repeat(121)));
        assertThat(typeErrors.status()).isEqualTo(400);
        List<Map<String, Object>> typeProblems = JsonPath.read(typeErrors.body(), "$.errors");
        assertThat(typeProblems)
                .extracting(e -> e.get("index") + ":" + e.get("field"))
                .containsExactlyInAnyOrder("0:flag", "1:tag", "2:feedback_type_id");
        assertThat(ourBatchesSoFar()).isEmpty();
    }

    @Test
    @DisplayName("the item limit is enforced, and an endpoint of another project is a 401")
    void itemLimitAndForeignEndpoint() {
        String item = "{\"usage_id\": \"u\", \"feedback_type_id\": 1, \"flag\": true}";
        Response tooMany = http.json(
                "POST", "/v1/feedback", tenant.apiKey(), "{\"items\": [" + (item + ",").repeat(1000) + item + "]}");
        Tenant other = Tenant.create(infrastructure);
        Response foreign = http.json(
                "POST",
                "/v1/feedback",
                tenant.apiKey(),
                "{\"endpoint_id\": \"" + other.endpointId() + "\", \"items\": [" + item + "]}");

        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body()).contains("at most 1000");
        assertThat(foreign.status()).isEqualTo(401);
        assertThat(ourBatchesSoFar()).isEmpty();
    }

    @Test
    @DisplayName("POST /v1/completion-logs publishes a CompletionLogged with Baseplate's fields, keyed by usage_id")
    void publishCompletionLog() {
        try (var logs = new TopicProbe<>(infrastructure.bootstrapServers(), Topics.COMPLETION_LOGS)) {
            Response response =
                    http.json("POST", "/v1/completion-logs", tenant.apiKey(), """
                    {"usage_id": "log-9", "endpoint_id": "%s", "user_id": "user-1",
                     "timestamp": "2023-02-09T05:11:39.721074+00:00", "openai_name": "text-davinci-003",
                     "cost": 0.00078, "prompt": "Write", "completion": "Done", "temp": 0, "managed": true,
                     "template_id": null, "values": {"tone": "angry"}}""".formatted(tenant.endpointId()));

            assertThat(response.status()).isEqualTo(202);
            ConsumerRecord<String, CompletionLogged> record =
                    logs.awaitRecord(log -> log.getProjectId().equals(tenant.projectId()));
            CompletionLogged log = record.value();
            assertThat(record.key()).isEqualTo("log-9");
            assertThat(log.getEventId()).hasToString(JsonPath.<String>read(response.body(), "$.event_id"));
            assertThat(log.getCreatedAt()).isEqualTo(Instant.parse("2023-02-09T05:11:39.721074Z"));
            assertThat(log.getModel()).isEqualTo("text-davinci-003");
            assertThat(log.getTemperature()).isEqualTo(0.0);
            assertThat(log.getValues()).containsEntry("tone", "angry");
        }
        Response invalid = http.json(
                "POST",
                "/v1/completion-logs",
                tenant.apiKey(),
                "{\"cost\": \"free\", \"values\": {\"n\": 1}, \"timestamp\": \"yesterday\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(JsonPath.<List<String>>read(invalid.body(), "$.errors[*].field"))
                .contains("usage_id", "cost", "values.n", "timestamp");
    }

    @Test
    @DisplayName("GET /v1/completion-logs/{usage_id} answers Baseplate's shape with all feedback; 404 elsewhere")
    void readCompletionLog() {
        JdbcClient jdbc = JdbcClient.create(infrastructure.dataSource());
        jdbc.sql("""
                INSERT INTO completion_log (project_id, usage_id, user_id, created_at, model, cost, prompt, completion,
                    temperature, managed, "values", positive_rating, rating, log_emitted_at, log_event_id)
                VALUES (?, 'log-r', 'user-1', '2023-02-09T05:11:39.721074Z', 'text-davinci-003', 0.00078, 'p', 'c',
                    0, true, '{"tone": "angry"}', true, 1, now(), gen_random_uuid())""").param(tenant.projectId()).update();
        jdbc.sql("""
                INSERT INTO completion_feedback (project_id, usage_id, feedback_type_id, flag, display_value,
                    occurred_at, event_id, item_index, received_at, source_topic, source_partition, source_offset)
                VALUES (?, 'log-r', 1, true, 'true', now(), gen_random_uuid(), 0, now(), 'feedback.v1', 0, 0)""").param(tenant.projectId()).update();

        Response log = http.get("/v1/completion-logs/log-r", tenant.apiKey());
        Response missing = http.get("/v1/completion-logs/nope", tenant.apiKey());
        Response foreign = http.get(
                "/v1/completion-logs/log-r", Tenant.create(infrastructure).apiKey());

        assertThat(log.status()).isEqualTo(200);
        Map<String, Object> body = JsonPath.read(log.body(), "$");
        assertThat(body.keySet())
                .containsExactly(
                        "user_id",
                        "project_id",
                        "timestamp",
                        "openai_name",
                        "cost",
                        "prompt",
                        "completion",
                        "id",
                        "date",
                        "rating",
                        "temp",
                        "completions",
                        "managed",
                        "positive_rating",
                        "template_id",
                        "values",
                        "feedback");
        assertThat(body)
                .containsEntry("timestamp", "2023-02-09T05:11:39.721074+00:00")
                .containsEntry("date", "2023-02-09")
                .containsEntry("positive_rating", true);
        assertThat(JsonPath.<List<Object>>read(log.body(), "$.feedback[*].display_value"))
                .containsExactly(true);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(foreign.status()).isEqualTo(404);
    }

    @Test
    @DisplayName("feedback types: list built-ins and own, create with checks, refuse duplicates")
    void feedbackTypes() {
        Response created = http.json(
                "POST",
                "/v1/feedback-types",
                tenant.apiKey(),
                "{\"name\": \"stars\", \"kind\": \"NUMERIC\", \"min_value\": 1, \"max_value\": 5}");
        Response duplicate = http.json(
                "POST", "/v1/feedback-types", tenant.apiKey(), "{\"name\": \"Stars\", \"kind\": \"NUMERIC\"}");
        Response invalid = http.json(
                "POST",
                "/v1/feedback-types",
                tenant.apiKey(),
                "{\"name\": \"\", \"kind\": \"EMOJI\", \"min_value\": 3, \"max_value\": 1}");
        Response list = http.get("/v1/feedback-types", tenant.apiKey());
        Response otherList =
                http.get("/v1/feedback-types", Tenant.create(infrastructure).apiKey());

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/v1/feedback-types/" + JsonPath.read(created.body(), "$.id"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(JsonPath.<List<String>>read(invalid.body(), "$.errors[*].field"))
                .contains("name", "kind", "min_value");
        assertThat(JsonPath.<List<String>>read(list.body(), "$[*].name")).contains("positive_rating", "stars");
        Response escape = http.json(
                "POST", "/v1/feedback-types", tenant.apiKey(), "{\"name\": \"red\\u001b[31m\", \"kind\": \"TEXT\"}");
        assertThat(escape.status()).isEqualTo(400);
        assertThat(JsonPath.<List<String>>read(escape.body(), "$.errors[*].reason"))
                .anySatisfy(reason -> assertThat(reason).contains("control"));
        assertThat(JsonPath.<List<String>>read(otherList.body(), "$[*].name"))
                .contains("positive_rating")
                .doesNotContain("stars");
    }

    @Test
    @DisplayName("the OpenAPI document and its browsable UI are served without a key")
    void openApi() {
        Response document = http.get("/v3/api-docs", null);
        Response ui = http.get("/swagger-ui/index.html", null);

        assertThat(document.status()).isEqualTo(200);
        assertThat(JsonPath.<Map<String, Object>>read(document.body(), "$.paths"))
                .containsKeys(
                        "/endpoints/{id}/logs",
                        "/api/v2/rate/{feedback_type_id}/{completion_id}",
                        "/v1/feedback",
                        "/v1/completion-logs",
                        "/v1/completion-logs/{usage_id}",
                        "/v1/feedback-types");
        assertThat(ui.status()).isEqualTo(200);
    }
}
