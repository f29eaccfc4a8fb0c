package io.feedbackpipeline.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.catalog.CachedCatalog;
import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import io.feedbackpipeline.projection.Projector;
import io.feedbackpipeline.projection.RunOutcome;
import io.feedbackpipeline.projection.TransactionLimits;
import io.feedbackpipeline.projection.intake.Intake;
import io.feedbackpipeline.projection.store.ProjectionWriter;
import io.feedbackpipeline.projection.store.Transactions;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.CompletionLoggedDeserializer;
import io.feedbackpipeline.schemas.serde.FeedbackBatchDeserializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One rule set, proven: for any request the gateway answers 2xx, the record it published passes the processor's
 * intake and is written by its writer on the real database, holding exactly the texts that were sent. Any other
 * answer is a 4xx problem+json, never a 5xx.
 */
class AcceptedIsProjectedIT {

    private static GatewayUnderTest gateway;
    private static PublishedRecords published;
    private static Projector projector;
    private static HostileRequests requests;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeContainer
    static void start() {
        gateway = new GatewayUnderTest();
        published = new PublishedRecords(gateway.infrastructure().bootstrapServers());
        DataSource processorRole =
                gateway.infrastructure().postgres().newDataSource("processor", PostgresServer.PROCESSOR);
        projector = new Projector(
                new Intake(new CachedCatalog(processorRole), 8 * 1024 * 1024),
                ProjectionWriter.live(new Transactions(processorRole, Transactions.Timeouts.DEFAULT)),
                TransactionLimits.DEFAULT);
        requests = new HostileRequests(gateway);
    }

    @AfterContainer
    static void stop() {
        published.close();
        gateway.close();
    }

    @Provide
    Arbitrary<HostileRequest> requests() {
        return requests.any();
    }

    /** How many accepted requests of each kind were checked is printed with the run: the property is not vacuous. */
    @Property(tries = 400)
    @Label("2xx => the processor accepts the event and the tables hold what was sent; otherwise 4xx problem+json")
    void acceptedIsProjected(@ForAll("requests") HostileRequest request) throws Exception {
        String requestId = "prop-" + UUID.randomUUID();
        HttpResponse<String> response = send(request, requestId);
        Statistics.label("outcome").collect(request.kind(), response.statusCode() / 100 == 2 ? "accepted" : "refused");

        if (response.statusCode() / 100 != 2) {
            assertThat(response.statusCode())
                    .as("refused, not failed: %s -> %s", request, response.body())
                    .isBetween(400, 499);
            assertThat(response.headers().firstValue("Content-Type"))
                    .as("%s", request)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            return;
        }
        ConsumerRecord<byte[], byte[]> record = published.await(requestId);
        RunOutcome projected = projector.project(List.of(record));

        assertThat(projected.rejected())
                .as("accepted by the gateway, so by the processor: %s", request)
                .isEmpty();
        if (record.topic().equals(Topics.FEEDBACK.name())) {
            FeedbackBatch batch = new FeedbackBatchDeserializer().deserialize(record.topic(), record.value());
            for (int index = 0; index < batch.getItems().size(); index++) {
                FeedbackItem item = batch.getItems().get(index);
                Map<String, Object> row = feedbackRow(batch, item);
                assertThat(row)
                        .as("register of %s", item)
                        .containsEntry("event_id", batch.getEventId().toString());
                if (batch.getItems().size() == 1) {
                    expectSent(request, "usage_id", item.getUsageId());
                    expectSent(request, "comment", row.get("comment"));
                    expectSent(request, "tag", row.get("tag"));
                }
            }
        } else {
            CompletionLogged log = new CompletionLoggedDeserializer().deserialize(record.topic(), record.value());
            Map<String, Object> row = logRow(log);
            assertThat(row)
                    .as("log %s", log.getUsageId())
                    .containsEntry("log_event_id", log.getEventId().toString());
            expectSent(request, "usage_id", log.getUsageId());
            expectSent(request, "prompt", row.get("prompt"));
            expectSent(request, "completion", row.get("completion"));
        }
    }

    /** What the tables hold is what the client sent, character for character. */
    private static void expectSent(HostileRequest request, String field, Object stored) {
        if (request.sentTexts().containsKey(field)) {
            assertThat(stored)
                    .as("%s stored as sent: %s", field, request)
                    .isEqualTo(request.sentTexts().get(field));
        }
    }

    private static HttpResponse<String> send(HostileRequest request, String requestId) throws Exception {
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + request.path()))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + gateway.apiKey())
                .header("Content-Type", request.contentType())
                .header("X-Request-Id", requestId)
                .header("Prefer", "respond-async")
                .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body()));
        return HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> feedbackRow(FeedbackBatch batch, FeedbackItem item) throws SQLException {
        return row(
                "SELECT event_id::text AS event_id, comment, tag FROM " + ProjectionTables.LIVE.feedback()
                        + " WHERE project_id = ? AND usage_id = ? AND feedback_type_id = ?",
                batch.getProjectId(),
                item.getUsageId(),
                item.getFeedbackTypeId());
    }

    private static Map<String, Object> logRow(CompletionLogged log) throws SQLException {
        return row(
                "SELECT log_event_id::text AS log_event_id, prompt, completion FROM " + ProjectionTables.LIVE.log()
                        + " WHERE project_id = ? AND usage_id = ?",
                log.getProjectId(),
                log.getUsageId());
    }

    private static Map<String, Object> row(String sql, Object... parameters) throws SQLException {
        try (Connection connection = gateway.infrastructure().dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                assertThat(rows.next()).as("a row for %s", List.of(parameters)).isTrue();
                Map<String, Object> row = new HashMap<>();
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    row.put(rows.getMetaData().getColumnLabel(column), rows.getObject(column));
                }
                return row;
            }
        }
    }
}
