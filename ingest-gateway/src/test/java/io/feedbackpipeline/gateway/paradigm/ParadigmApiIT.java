package io.feedbackpipeline.gateway.paradigm;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@GatewayIT
class ParadigmApiIT extends GatewayTestBase {

    int score;
    int note;

    @BeforeEach
    void createTypes() {
        score = tenant.createFeedbackType(infrastructure, "NUMERIC", 1.0, 5.0);
        note = tenant.createFeedbackType(infrastructure, "TEXT", null, null);
    }

    @Test
    @DisplayName("JSON: 200 with no body after the ack; one batch keyed by completion id; display_value ignored")
    void json() {
        Response response = http.json(
                "POST",
                "/api/v2/rate/1/completion-7",
                tenant.apiKey(),
                "{\"flag\": false, \"comment\": \"wrong\", \"tag\": \"factuality\", \"display_value\": \"x\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        ConsumerRecord<String, FeedbackBatch> record = feedback.awaitRecord(this::ours);
        assertThat(record.key()).isEqualTo("completion-7");
        assertThat(record.value().getSource()).isEqualTo(FeedbackSource.PARADIGM_API);
        assertThat(record.value().getItems()).singleElement().satisfies(item -> {
            assertThat(item.getUsageId()).isEqualTo("completion-7");
            assertThat(item.getFeedbackTypeId()).isEqualTo(1);
            assertThat(item.getFlag()).isFalse();
            assertThat(item.getComment()).isEqualTo("wrong");
            assertThat(item.getTag()).isEqualTo("factuality");
            assertThat(item.getValue()).isNull();
        });
    }

    @Test
    @DisplayName("form-urlencoded: a NUMERIC score within bounds is published")
    void formUrlEncoded() {
        Response response = http.send(
                "POST",
                "/api/v2/rate/" + score + "/completion-8",
                tenant.apiKey(),
                "application/x-www-form-urlencoded",
                "value=4.5&comment=&tag=helpful".getBytes());

        assertThat(response.status()).isEqualTo(200);
        FeedbackItem item = feedback.awaitRecord(this::ours).value().getItems().get(0);
        assertThat(item.getFeedbackTypeId()).isEqualTo(score);
        assertThat(item.getValue()).isEqualTo(4.5);
        assertThat(item.getComment()).isNull();
        assertThat(item.getTag()).isEqualTo("helpful");
    }

    @Test
    @DisplayName("multipart/form-data: a TEXT comment is published")
    void multipart() {
        String boundary = "----paradigm" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\n"
                + "trop long, réponse vague\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\nverbosity\r\n--" + boundary + "--\r\n";
        Response response = http.send(
                "POST",
                "/api/v2/rate/" + note + "/completion-9",
                tenant.apiKey(),
                "multipart/form-data; boundary=" + boundary,
                body.getBytes(StandardCharsets.UTF_8));

        assertThat(response.status()).isEqualTo(200);
        FeedbackItem item = feedback.awaitRecord(this::ours).value().getItems().get(0);
        assertThat(item.getComment()).isEqualTo("trop long, réponse vague");
        assertThat(item.getTag()).isEqualTo("verbosity");
    }

    @Test
    @DisplayName("each rule of the feedback type is a 400 naming the field, and nothing is published")
    void validationAgainstTheType() {
        assertInvalid("/api/v2/rate/1/c", "{\"comment\": \"no flag\"}", "flag");
        assertInvalid("/api/v2/rate/1/c", "{\"flag\": true, \"value\": 3}", "value");
        assertInvalid("/api/v2/rate/" + score + "/c", "{\"value\": 5.5}", "value");
        assertInvalid("/api/v2/rate/" + score + "/c", "{\"value\": \"4\"}", "value");
        assertInvalid("/api/v2/rate/" + score + "/c", "{}", "value");
        assertInvalid("/api/v2/rate/" + note + "/c", "{\"comment\": \"  \"}", "comment");
        assertInvalid("/api/v2/rate/1/c", "{\"flag\": true, \"tag\": \"" + "t".repeat(121) + "\"}", "tag");
        Response nan = http.send(
                "POST",
                "/api/v2/rate/" + score + "/c",
                tenant.apiKey(),
                "application/x-www-form-urlencoded",
                "value=NaN".getBytes());
        assertThat(nan.status()).isEqualTo(400);
        Response twice = http.send(
                "POST",
                "/api/v2/rate/1/c",
                tenant.apiKey(),
                "application/x-www-form-urlencoded",
                "flag=true&flag=false".getBytes());
        assertThat(twice.status()).isEqualTo(400);
        Response noBody = http.send("POST", "/api/v2/rate/1/c", tenant.apiKey(), null, null);
        assertThat(noBody.status()).isEqualTo(400);
        assertThat(JsonPath.<List<String>>read(noBody.body(), "$.errors[*].field"))
                .contains("flag");

        assertThat(ourBatchesSoFar()).isEmpty();
    }

    @Test
    @DisplayName("an unknown type is 404, another project's type is 401, a body that is not a form is 415")
    void typeAndMediaRefusals() {
        Tenant other = Tenant.create(infrastructure);
        int foreign = other.createFeedbackType(infrastructure, "BOOLEAN", null, null);

        Response unknown = http.json("POST", "/api/v2/rate/999999/c", tenant.apiKey(), "{\"flag\": true}");
        Response notANumber = http.json("POST", "/api/v2/rate/abc/c", tenant.apiKey(), "{\"flag\": true}");
        Response foreignType = http.json("POST", "/api/v2/rate/" + foreign + "/c", tenant.apiKey(), "{\"flag\": true}");
        Response xml = http.send(
                "POST", "/api/v2/rate/1/c", tenant.apiKey(), "application/xml", "<flag>true</flag>".getBytes());

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(notANumber.status()).isEqualTo(404);
        assertThat(foreignType.status()).isEqualTo(401);
        assertThat(foreignType.body()).doesNotContain(other.projectId().toString());
        assertThat(xml.status()).isEqualTo(415);
        assertThat(List.of(unknown, foreignType, xml))
                .allSatisfy(r -> assertThat(r.header("Content-Type")).startsWith("application/problem+json"));
        assertThat(ourBatchesSoFar()).isEmpty();
    }

    @Test
    @DisplayName("a retry with the same Idempotency-Key reuses the event id")
    void idempotencyKey() {
        Response first = http.json(
                "POST", "/api/v2/rate/1/c-idem", tenant.apiKey(), "{\"flag\": true}", "Idempotency-Key", "k-1");
        Response retry = http.json(
                "POST", "/api/v2/rate/1/c-idem", tenant.apiKey(), "{\"flag\": true}", "Idempotency-Key", "k-1");

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        List<FeedbackBatch> published = ourBatchesSoFar();
        assertThat(published).hasSize(2);
        assertThat(published.get(1).getEventId()).isEqualTo(published.get(0).getEventId());
        assertThat(published.get(1).getReceivedAt()).isEqualTo(published.get(0).getReceivedAt());
    }

    @Test
    @DisplayName("as Paradigm's server does, unknown fields and query parameters are skipped and counted (a form's"
            + " query string is not its body: ?flag=true does not override the body's flag), null is absent")
    void extrasAreIgnoredAndCounted() {
        double beforeBody = ignoredInputs("paradigm-rate", "body");
        double beforeQuery = ignoredInputs("paradigm-rate", "query");
        Response json = http.json(
                "POST",
                "/api/v2/rate/1/completion-10?format=json",
                tenant.apiKey(),
                "{\"flag\": true, \"score\": 1, \"comment\": null, \"client\": {\"v\": 2}}");
        Response form = http.send(
                "POST",
                "/api/v2/rate/1/completion-11?format=json&flag=true",
                tenant.apiKey(),
                "application/x-www-form-urlencoded",
                "flag=false&source=widget".getBytes());

        assertThat(json.status()).as(json.body()).isEqualTo(200);
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        assertThat(ignoredInputs("paradigm-rate", "body") - beforeBody).isEqualTo(3); // score, client; source
        assertThat(ignoredInputs("paradigm-rate", "query") - beforeQuery).isEqualTo(3); // format; format, flag
        assertThat(ourBatchesSoFar())
                .extracting(batch -> batch.getItems().get(0).getFlag())
                .containsExactlyInAnyOrder(true, false);
    }

    @Test
    @DisplayName("tag is at most 120 characters counted as Unicode code points: 120 emoji pass, 121 do not")
    void lengthsCountCodePoints() {
        String emoji = "\uD83D\uDE00";
        Response fits = http.json(
                "POST",
                "/api/v2/rate/1/completion-12",
                tenant.apiKey(),
                "{\"flag\": true, \"tag\": \"" + emoji.repeat(120) + "\"}");
        assertThat(fits.status()).as(fits.body()).isEqualTo(200);
        assertInvalid("/api/v2/rate/1/c", "{\"flag\": true, \"tag\": \"" + emoji.repeat(121) + "\"}", "tag");
    }

    private double ignoredInputs(String route, String where) {
        String metrics = management.get("/actuator/prometheus", null).body();
        return metrics.lines()
                .filter(line -> line.startsWith("feedback_ignored_inputs_total{")
                        && line.contains("route=\"" + route + "\"")
                        && line.contains("where=\"" + where + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private void assertInvalid(String path, String json, String field) {
        Response response = http.json("POST", path, tenant.apiKey(), json);
        assertThat(response.status()).as(json).isEqualTo(400);
        assertThat(JsonPath.<List<String>>read(response.body(), "$.errors[*].field"))
                .as(json)
                .contains(field);
    }
}
