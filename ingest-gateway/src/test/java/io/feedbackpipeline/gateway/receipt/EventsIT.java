package io.feedbackpipeline.gateway.receipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.gateway.support.Http;
import io.feedbackpipeline.gateway.support.ProcessorStandIn;
import io.feedbackpipeline.gateway.support.Tenant;
import io.feedbackpipeline.schemas.FeedbackBatch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 22: every 2xx's event can be followed. Here the broker is real and no processor consumes, so an event stays
 * accepted until the processor's own intake and writer (the stand-in) project it and write its receipt.
 */
@GatewayIT
class EventsIT extends GatewayTestBase {

    private final JsonMapper json = JsonMapper.builder().build();
    private ProcessorStandIn processor;

    @BeforeEach
    void startProcessorStandIn() {
        processor = new ProcessorStandIn(infrastructure);
    }

    @AfterEach
    void stopProcessorStandIn() {
        processor.close();
    }

    @Test
    @DisplayName("a 202 points to its event: accepted while on the topic, then projected with how many items won")
    void acceptedThenProjected() {
        Http.Response accepted = http.json(
                "POST",
                "/v1/feedback",
                tenant.apiKey(),
                "{\"items\":[{\"usage_id\":\"a\",\"feedback_type_id\":1,\"flag\":true},"
                        + "{\"usage_id\":\"b\",\"feedback_type_id\":1,\"flag\":false}]}");
        assertThat(accepted.status()).isEqualTo(202);
        String eventId = json.readTree(accepted.body()).get("event_id").asString();
        String location = accepted.header("Location");
        assertThat(location).matches("/v1/events/" + eventId + "\\?at=feedback\\.v1:\\d+:\\d+");

        JsonNode waiting = status(location, tenant.apiKey());
        assertThat(waiting.get("status").asString()).isEqualTo("accepted");
        assertThat(waiting.get("position").get("topic").asString()).isEqualTo("feedback.v1");
        assertThat(status("/v1/events/" + eventId, tenant.apiKey())
                        .get("status")
                        .asString())
                .as("this gateway remembers where it stored the event")
                .isEqualTo("accepted");

        FeedbackBatch published = await().atMost(Duration.ofSeconds(10))
                .until(this::ourBatchesSoFar, batches -> batches.size() == 1)
                .get(0);
        processor.project(List.of(
                processor.feedbackRecord(tenant.projectId(), null, UUID.fromString(eventId), published.getItems())));

        JsonNode projected = status(location, tenant.apiKey());
        assertThat(projected.get("status").asString()).isEqualTo("projected");
        assertThat(projected.get("items").asInt()).isEqualTo(2);
        assertThat(projected.get("items_won").asInt()).isEqualTo(2);
        assertThat(Instant.parse(projected.get("decided_at").asString())).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    @DisplayName("a later item wins over an earlier one: the earlier event's receipt says how many of its items won")
    void itemsWon() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        processor.project(List.of(
                processor.feedbackRecord(
                        tenant.projectId(),
                        null,
                        first,
                        List.of(
                                ProcessorStandIn.item("x", 1, true, null, null, at),
                                ProcessorStandIn.item("y", 1, true, null, null, at))),
                processor.feedbackRecord(
                        tenant.projectId(),
                        null,
                        second,
                        List.of(ProcessorStandIn.item("x", 1, false, null, null, at.plusSeconds(1))))));

        assertThat(status("/v1/events/" + first, tenant.apiKey())
                        .get("items_won")
                        .asInt())
                .isEqualTo(1);
        assertThat(status("/v1/events/" + second, tenant.apiKey())
                        .get("items_won")
                        .asInt())
                .isEqualTo(1);

        processor.project(List.of(processor.feedbackRecord(
                tenant.projectId(),
                null,
                first,
                List.of(
                        ProcessorStandIn.item("x", 1, true, null, null, at),
                        ProcessorStandIn.item("y", 1, true, null, null, at)))));
        assertThat(status("/v1/events/" + first, tenant.apiKey())
                        .get("items_won")
                        .asInt())
                .as("a redelivered event leaves its receipt as it was")
                .isEqualTo(1);
    }

    @Test
    @DisplayName("an event that breaks the rules is dead-lettered, with the reason and the detail")
    void deadLettered() {
        UUID eventId = UUID.randomUUID();
        assertThat(processor
                        .projectAny(List.of(processor.feedbackRecord(
                                tenant.projectId(),
                                null,
                                eventId,
                                List.of(ProcessorStandIn.item("z", 999_999, true, null, null, Instant.now())))))
                        .rejected())
                .hasSize(1);

        JsonNode letter = status("/v1/events/" + eventId, tenant.apiKey());
        assertThat(letter.get("status").asString()).isEqualTo("dead-lettered");
        assertThat(letter.get("reason").asString()).isEqualTo("invalid-event");
        assertThat(letter.get("detail").asString()).contains("feedback_type_id");
        assertThat(letter.has("items_won")).isFalse();
    }

    @Test
    @DisplayName("unknown: never seen, or another project's; a malformed id or position is a 400 naming it")
    void unknownAndMalformed() {
        UUID eventId = UUID.randomUUID();
        processor.rate(tenant.projectId(), null, ProcessorStandIn.item("q", 1, true, null, null, Instant.now()));
        assertThat(status("/v1/events/" + UUID.randomUUID(), tenant.apiKey())
                        .get("status")
                        .asString())
                .isEqualTo("unknown");

        processor.project(List.of(processor.feedbackRecord(
                tenant.projectId(),
                null,
                eventId,
                List.of(ProcessorStandIn.item("q", 1, true, null, null, Instant.now())))));
        Tenant stranger = Tenant.create(infrastructure);
        assertThat(status("/v1/events/" + eventId, stranger.apiKey())
                        .get("status")
                        .asString())
                .as("another project's event is as unknown as one that never was")
                .isEqualTo("unknown");

        for (String[] bad : new String[][] {
            {"/v1/events/not-an-id", "event_id"},
            {"/v1/events/" + eventId + "?at=feedback.v1:x:1", "at"},
            {"/v1/events/" + eventId + "?at=other-topic:0:1", "at"}
        }) {
            Http.Response refused = http.get(bad[0], tenant.apiKey());
            assertThat(refused.status()).as(bad[0]).isEqualTo(400);
            assertThat(json.readTree(refused.body()).get("field").asString()).isEqualTo(bad[1]);
        }
        assertThat(Http.at("http://[::1]:" + port)
                        .get("/v1/events/" + eventId, null)
                        .status())
                .isEqualTo(401);
    }

    private JsonNode status(String location, String key) {
        Http.Response response = http.get(location, key);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }
}
