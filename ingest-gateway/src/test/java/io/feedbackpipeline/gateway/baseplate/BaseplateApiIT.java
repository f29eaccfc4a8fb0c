package io.feedbackpipeline.gateway.baseplate;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.gateway.support.Http.Response;
import io.feedbackpipeline.gateway.support.Tenant;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.FeedbackSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@GatewayIT
class BaseplateApiIT extends GatewayTestBase {

    @Test
    @DisplayName("a single rating becomes one FeedbackBatch of type 1, keyed by endpoint, 202 while no log exists")
    void singleRating() {
        Response response = rate("{\"usage_id\": \"log-1\", \"positive_rating\": true}", "X-Request-Id", "req-42");

        assertThat(response.status()).isEqualTo(202);
        String eventId = JsonPath.read(response.body(), "$.event_id");
        ConsumerRecord<String, FeedbackBatch> record = feedback.awaitRecord(this::ours);
        FeedbackBatch batch = record.value();
        assertThat(batch.getEventId()).hasToString(eventId);
        assertThat(batch.getProjectId()).isEqualTo(tenant.projectId());
        assertThat(batch.getEndpointId()).isEqualTo(tenant.endpointId());
        assertThat(batch.getSource()).isEqualTo(FeedbackSource.BASEPLATE_API);
        assertThat(batch.getRequestId()).isEqualTo("req-42");
        assertThat(record.key()).isEqualTo(tenant.endpointId().toString());
        assertThat(new String(record.headers().lastHeader("request-id").value(), StandardCharsets.UTF_8))
                .isEqualTo("req-42");
        assertThat(batch.getItems()).singleElement().satisfies(item -> {
            assertThat(item.getUsageId()).isEqualTo("log-1");
            assertThat(item.getFeedbackTypeId()).isEqualTo(1);
            assertThat(item.getFlag()).isTrue();
            assertThat(item.getOccurredAt()).isEqualTo(batch.getReceivedAt());
        });
        assertThat(batch.getReceivedAt().getNano() % 1_000).isZero();
    }

    @Test
    @DisplayName("a batch is one record with the ratings in request order, duplicates included")
    void batchKeepsRequestOrder() {
        Response response = rate("""
                {"logs": [{"usage_id": "a", "positive_rating": true},
                          {"usage_id": "b", "positive_rating": false},
                          {"usage_id": "a", "positive_rating": false}]}""");

        assertThat(response.status()).isEqualTo(202);
        FeedbackBatch batch = feedback.awaitRecord(this::ours).value();
        assertThat(batch.getItems())
                .extracting(FeedbackItem::getUsageId, FeedbackItem::getFlag)
                .containsExactly(Tuple.tuple("a", true), Tuple.tuple("b", false), Tuple.tuple("a", false));
    }

    @Test
    @DisplayName("Prefer: respond-async answers 202 right after the ack and says so")
    void respondAsync() {
        Response response =
                rate("{\"usage_id\": \"log-2\", \"positive_rating\": false}", "Prefer", "respond-async, wait=10");

        assertThat(response.status()).isEqualTo(202);
        assertThat(response.header("Preference-Applied")).isEqualTo("respond-async");
        String eventId = JsonPath.read(response.body(), "$.event_id");
        assertThat(feedback.awaitRecord(this::ours).value().getEventId()).hasToString(eventId);
        assertThat(response.header("Location"))
                .as("where to follow the event")
                .matches("/v1/events/" + eventId + "\\?at=feedback\\.v1:\\d+:\\d+");
    }

    @Test
    @DisplayName("a retry with the same Idempotency-Key republishes the identical batch; another body gets 422")
    void idempotencyKey() {
        String body = "{\"usage_id\": \"log-3\", \"positive_rating\": true}";
        Response first = rate(body, "Idempotency-Key", "retry-me");
        Response retry = rate(body, "Idempotency-Key", "retry-me");
        Response misuse = rate("{\"usage_id\": \"log-3\", \"positive_rating\": false}", "Idempotency-Key", "retry-me");

        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(JsonPath.<String>read(retry.body(), "$.event_id"))
                .isEqualTo(JsonPath.<String>read(first.body(), "$.event_id"));
        assertThat(misuse.status()).isEqualTo(422);
        assertThat(misuse.header("Content-Type")).startsWith("application/problem+json");
        List<FeedbackBatch> published = ourBatchesSoFar();
        assertThat(published).hasSize(2);
        // Each attempt keeps its own request id; everything the merge looks at is identical.
        published.forEach(batch -> batch.setRequestId(null));
        assertThat(published.get(0)).isEqualTo(published.get(1));
    }

    @Test
    @DisplayName("every malformed body is a 400 listing each problem, and nothing is published")
    void invalidBodies() {
        assertInvalid("{\"usage_id\": \"x\", \"positive_rating\": true, \"logs\": []}", "body");
        assertInvalid("{}", "body");
        assertInvalid("{\"logs\": []}", "logs");
        assertInvalid("{\"logs\": {\"usage_id\": \"x\"}}", "logs");
        assertInvalid("{\"usage_id\": \"x\"}", "positive_rating");
        assertInvalid("{\"usage_id\": 7, \"positive_rating\": \"yes\"}", "usage_id", "positive_rating");
        assertInvalid("{\"usage_id\": \"   \", \"positive_rating\": true}", "usage_id");
        assertInvalid("{\"usage_id\": \"x\", \"positive_rating\": true", "body");
        assertInvalid("[1, 2]", "body");

        Response many = rate("{\"logs\": [" + "{\"usage_id\": \"x\", \"positive_rating\": true},".repeat(1000)
                + "{\"usage_id\": \"x\", \"positive_rating\": true}]}");
        assertThat(many.status()).isEqualTo(400);
        assertThat(many.body()).contains("at most 1000");

        Response items = rate("""
                {"logs": [{"usage_id": "ok", "positive_rating": true},
                          {"usage_id": "", "positive_rating": null},
                          {"positive_rating": 1}]}""");
        assertThat(items.status()).isEqualTo(400);
        assertThat(JsonPath.<List<Integer>>read(items.body(), "$.errors[*].index"))
                .contains(1, 2);
        assertThat(JsonPath.<List<String>>read(items.body(), "$.errors[*].field"))
                .contains("positive_rating", "usage_id");

        assertThat(ourBatchesSoFar()).isEmpty();
    }

    @Test
    @DisplayName("a body that is not JSON is 415, and nothing is published")
    void unsupportedContentType() {
        Response response = http.send(
                "PATCH", path(tenant.endpointId().toString()), tenant.apiKey(), "text/plain", "usage_id=x".getBytes());

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(ourBatchesSoFar()).isEmpty();
    }

    @Test
    @DisplayName("401 with Baseplate's wording for missing, malformed, unknown and revoked keys and foreign endpoints")
    void unauthorized() {
        String body = "{\"usage_id\": \"x\", \"positive_rating\": true}";
        String path = path(tenant.endpointId().toString());
        Tenant other = Tenant.create(infrastructure);
        Tenant revoked = Tenant.create(infrastructure);
        revoked.revokeKey(infrastructure);

        List<Response> refused = List.of(
                http.json("PATCH", path, null, body),
                http.send("PATCH", path, null, "application/json", body.getBytes(), "Authorization", "Basic Zm9v"),
                http.json("PATCH", path, "not-a-key", body),
                http.json("PATCH", path, "fpk_" + "A".repeat(43), body),
                http.json("PATCH", path, revoked.apiKey(), body),
                http.json("PATCH", path(other.endpointId().toString()), tenant.apiKey(), body),
                http.json("PATCH", path("not-a-uuid"), tenant.apiKey(), body),
                http.json("PATCH", path(UUID.randomUUID().toString()), tenant.apiKey(), body));

        assertThat(refused).allSatisfy(response -> {
            assertThat(response.status()).isEqualTo(401);
            assertThat(JsonPath.<String>read(response.body(), "$.detail"))
                    .isEqualTo("Unauthorized for project or invalid API key");
            assertThat(response.body()).doesNotContain(other.projectId().toString());
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        });
        assertThat(ourBatchesSoFar()).isEmpty();
    }

    private void assertInvalid(String body, String... fields) {
        Response response = rate(body);
        assertThat(response.status()).as(body).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(JsonPath.<List<String>>read(response.body(), "$.errors[*].field"))
                .as(body)
                .contains(fields);
    }

    @Test
    @DisplayName("as Baseplate's server does: \"logs\": null beside usage_id is a single update, extras are skipped")
    void tolerantReading() {
        Response single = rate("{\"usage_id\": \"log-t1\", \"positive_rating\": true, \"logs\": null}");
        Response batch = http.json(
                "PATCH",
                path(tenant.endpointId().toString()) + "?format=json",
                tenant.apiKey(),
                "{\"logs\": [{\"usage_id\": \"log-t2\", \"positive_rating\": false, \"note\": \"x\"}],"
                        + " \"usage_id\": null, \"client\": \"sdk-1.2\"}");

        assertThat(single.status()).as(single.body()).isEqualTo(202);
        assertThat(batch.status()).as(batch.body()).isEqualTo(202);
        assertThat(ourBatchesSoFar())
                .extracting(b -> b.getItems().get(0).getUsageId())
                .containsExactlyInAnyOrder("log-t1", "log-t2");
        String metrics = management.get("/actuator/prometheus", null).body();
        assertThat(metrics.lines()
                        .filter(line -> line.startsWith("feedback_ignored_inputs_total{")
                                && line.contains("route=\"baseplate-logs\"")))
                .isNotEmpty();
    }

    @Test
    @DisplayName("the native API stays strict: an unknown field is a 400 naming it")
    void nativeApiStaysStrict() {
        Response response = http.json(
                "POST",
                "/v1/feedback",
                tenant.apiKey(),
                "{\"items\": [{\"usage_id\": \"n-1\", \"feedback_type_id\": 1, \"flag\": true}], \"extra\": 1}");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(JsonPath.<List<String>>read(response.body(), "$.errors[*].field"))
                .contains("extra");
    }

    private Response rate(String body, String... headers) {
        return http.json("PATCH", path(tenant.endpointId().toString()), tenant.apiKey(), body, headers);
    }

    private static String path(String endpoint) {
        return "/endpoints/" + endpoint + "/logs";
    }
}
