package io.feedbackpipeline.gateway.baseplate;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.gateway.support.Http.Response;
import io.feedbackpipeline.schemas.FeedbackBatch;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Baseplate's wait for the projection, with no processor running: the test plays the processor's part by writing
 * the register and sending the processor's NOTIFY, and sees which one the gateway reacts to.
 */
@GatewayIT
@TestPropertySource(properties = "pipeline.gateway.read-your-writes.timeout=3s")
class ReadYourWritesIT extends GatewayTestBase {

    private static final String BODY = "{\"logs\": [{\"usage_id\": \"other\", \"positive_rating\": false},"
            + " {\"usage_id\": \"%s\", \"positive_rating\": true}]}";

    @Test
    @DisplayName("a rating made visible and announced by NOTIFY answers 200 with the last entry's log, as known")
    void notifiedWriteAnswers200() throws Exception {
        Map<String, Object> log = answerOnceProjected("never-logged", tenant.apiKey());

        assertOnlyTheRatingIsKnown(log, "never-logged");
        assertThat(log).containsEntry("timestamp", null);
    }

    @Test
    @DisplayName("a key without the read scope gets the same 200 and shape, without the log's content")
    void ingestKeySeesNoContent() throws Exception {
        String widgetKey = new CatalogAdmin(infrastructure.dataSource())
                .issueApiKey(tenant.projectId(), "widget", Set.of(ApiKeyScope.INGEST), null)
                .secret()
                .value();
        logWithContent("with-content");

        Map<String, Object> log = answerOnceProjected("with-content", widgetKey);

        assertOnlyTheRatingIsKnown(log, "with-content");
        assertThat(log).containsEntry("openai_name", null);
        assertThat(http.get("/v1/completion-logs/with-content", tenant.apiKey()).body())
                .as("a read key sees the content")
                .contains("a secret prompt");
    }

    @Test
    @DisplayName("without a NOTIFY the gateway does not poll: the same visible rating answers 202 at the timeout")
    void noNotificationNoPolling() throws Exception {
        CompletableFuture<HttpResponse<String>> pending = rateAsync("unannounced");
        FeedbackBatch batch = feedback.awaitRecord(this::ours).value();

        project(batch, false);

        HttpResponse<String> response = pending.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(JsonPath.<String>read(response.body(), "$.event_id"))
                .isEqualTo(batch.getEventId().toString());
    }

    @Test
    @DisplayName("Prefer: respond-async does not wait at all")
    void respondAsyncDoesNotWait() {
        Response response = http.json(
                "PATCH",
                "/endpoints/" + tenant.endpointId() + "/logs",
                tenant.apiKey(),
                BODY.formatted("async"),
                "Prefer",
                "respond-async");
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.header("Preference-Applied")).isEqualTo("respond-async");
    }

    /** Rates {@code usageId} last in a batch, plays the processor's commit with NOTIFY, and returns the 200's log. */
    private Map<String, Object> answerOnceProjected(String usageId, String apiKey) throws Exception {
        CompletableFuture<HttpResponse<String>> pending = rateAsync(usageId, apiKey);
        FeedbackBatch batch = feedback.awaitRecord(this::ours).value();

        project(batch, true);

        HttpResponse<String> response = pending.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonPath.read(response.body(), "$");
    }

    private void assertOnlyTheRatingIsKnown(Map<String, Object> log, String usageId) {
        assertThat(log)
                .containsEntry("id", usageId)
                .containsEntry("positive_rating", true)
                .containsEntry("project_id", tenant.projectId().toString())
                .containsEntry("prompt", null)
                .containsEntry("completion", null)
                .containsEntry("values", null)
                .containsKey("rating");
    }

    private CompletableFuture<HttpResponse<String>> rateAsync(String lastUsageId) {
        return rateAsync(lastUsageId, tenant.apiKey());
    }

    private CompletableFuture<HttpResponse<String>> rateAsync(String lastUsageId, String apiKey) {
        HttpRequest request = http.request("/endpoints/" + tenant.endpointId() + "/logs")
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(BODY.formatted(lastUsageId)))
                .build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A completion log as the processor stores one from completion-logs.v1, with content only read keys see. */
    private void logWithContent(String usageId) throws Exception {
        try (Connection connection = infrastructure.dataSource().getConnection();
                PreparedStatement log = connection.prepareStatement("""
                        INSERT INTO completion_log (project_id, usage_id, created_at, model, prompt, completion,
                            "values", rating, log_emitted_at, log_event_id)
                        VALUES (?, ?, now(), 'text-davinci-003', 'a secret prompt', 'a secret completion',
                            '{"tone": "calm"}', 0, now(), gen_random_uuid())""")) {
            log.setObject(1, tenant.projectId());
            log.setString(2, usageId);
            log.executeUpdate();
        }
    }

    /** What the processor's transaction does for these ratings: registers, the log row, and (maybe) NOTIFY. */
    private void project(FeedbackBatch batch, boolean notify) throws Exception {
        try (Connection connection = infrastructure.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            for (int index = 0; index < batch.getItems().size(); index++) {
                var item = batch.getItems().get(index);
                try (PreparedStatement register = connection.prepareStatement("""
                        INSERT INTO completion_feedback (project_id, usage_id, feedback_type_id, flag, occurred_at,
                            event_id, item_index, received_at, source_topic, source_partition, source_offset)
                        VALUES (?, ?, 1, ?, ?, ?, ?, ?, 'feedback.v1', 0, 0)""");
                        PreparedStatement log = connection.prepareStatement("""
                                INSERT INTO completion_log (project_id, usage_id, positive_rating, rating)
                                VALUES (?, ?, ?, 0)
                                ON CONFLICT (project_id, usage_id) DO UPDATE SET positive_rating = EXCLUDED.positive_rating
                                """)) {
                    register.setObject(1, batch.getProjectId());
                    register.setString(2, item.getUsageId());
                    register.setBoolean(3, item.getFlag());
                    register.setTimestamp(4, Timestamp.from(item.getOccurredAt()));
                    register.setObject(5, batch.getEventId());
                    register.setInt(6, index);
                    register.setTimestamp(7, Timestamp.from(batch.getReceivedAt()));
                    register.executeUpdate();
                    log.setObject(1, batch.getProjectId());
                    log.setString(2, item.getUsageId());
                    log.setBoolean(3, item.getFlag());
                    log.executeUpdate();
                }
            }
            if (notify) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("NOTIFY feedback_projected");
                }
            }
            connection.commit();
        }
    }
}
