package io.feedbackpipeline.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.gateway.support.Http.Response;
import io.feedbackpipeline.gateway.support.ProcessorStandIn;
import io.feedbackpipeline.gateway.support.Tenant;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.feedbackpipeline.schemas.contract.DeadLetter;
import io.feedbackpipeline.schemas.contract.DeadLetterHeaders;
import io.feedbackpipeline.schemas.contract.DurableProducer;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.EventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the console reads besides analytics: endpoints, the newest comments, the pipeline's state, dead letters. */
@GatewayIT
class ConsoleApiIT extends GatewayTestBase {

    private ProcessorStandIn processor;

    @BeforeEach
    void startProcessor() {
        processor = new ProcessorStandIn(infrastructure);
    }

    @AfterEach
    void stopProcessor() {
        processor.close();
    }

    @Test
    @DisplayName("the endpoints of the caller's project, by name")
    void endpoints() {
        Response response = http.get("/v1/endpoints", tenant.apiKey());

        assertThat(response.status()).isEqualTo(200);
        assertThat(JsonPath.<List<String>>read(response.body(), "$[*].id"))
                .containsExactly(tenant.endpointId().toString());
        assertThat(JsonPath.<List<String>>read(response.body(), "$[*].name")).containsExactly("endpoint");
    }

    @Test
    @DisplayName("the newest comments and tags first, by tag, paged back by time; ratings without words are left out")
    void recentComments() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        processor.rate(
                tenant.projectId(),
                tenant.endpointId(),
                said("u1", "first", "slow", now.minusSeconds(30)),
                said("u2", "<img src=x onerror=alert(1)>", null, now.minusSeconds(20)),
                said("u3", null, "wrong", now.minusSeconds(10)),
                ProcessorStandIn.item("u4", 1, true, null, null, now));

        String all = ok("/v1/feedback/recent");
        assertThat(JsonPath.<List<String>>read(all, "$[*].usage_id")).containsExactly("u3", "u2", "u1");
        assertThat(JsonPath.<String>read(all, "$[1].comment")).isEqualTo("<img src=x onerror=alert(1)>");
        assertThat(JsonPath.<List<String>>read(ok("/v1/feedback/recent?tag=slow"), "$[*].usage_id"))
                .containsExactly("u1");
        assertThat(JsonPath.<List<String>>read(
                        ok("/v1/feedback/recent?limit=1&before=" + now.minusSeconds(15)), "$[*].usage_id"))
                .containsExactly("u2");

        Response bad = http.get("/v1/feedback/recent?limit=lots&before=yesterday", tenant.apiKey());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.header("Content-Type")).startsWith("application/problem+json");
        assertThat(JsonPath.<List<String>>read(bad.body(), "$.errors[*].field")).containsAnyOf("limit", "before");
        assertThat(http.get("/v1/feedback/recent?limit=201", tenant.apiKey()).status())
                .isEqualTo(400);
    }

    @Test
    @DisplayName("the pipeline's lag per partition and this project's visibility percentiles")
    void pipelineStatus() {
        processor.rate(
                tenant.projectId(),
                tenant.endpointId(),
                ProcessorStandIn.item("seen", 1, true, null, null, Instant.now().truncatedTo(ChronoUnit.MICROS)));

        String status = ok("/v1/pipeline");

        assertThat(JsonPath.<List<String>>read(status, "$.lag[*].topic"))
                .contains(Topics.FEEDBACK.name(), Topics.COMPLETION_LOGS.name());
        assertThat(JsonPath.<Integer>read(status, "$.visibility.samples")).isEqualTo(1);
        assertThat(JsonPath.<Double>read(status, "$.visibility.p99_ms")).isNotNull();
    }

    @Test
    @DisplayName("a project sees its own dead letters, not others' nor unattributable ones, and an admin re-drives one")
    void deadLettersAndRedrive() throws Exception {
        Tenant stranger = Tenant.create(infrastructure);
        String ours = deadLetter(tenant.projectId(), "invalid-event", "items[0].tag: at most 120 characters");
        String theirs = deadLetter(stranger.projectId(), "invalid-event", "someone else's");
        String unreadable = deadLetter(null, "undecodable", "not Avro");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(JsonPath.<List<String>>read(ok("/v1/dead-letters"), "$.letters[*].id"))
                        .containsExactly(ours));
        String listed = ok("/v1/dead-letters");
        assertThat(JsonPath.<Integer>read(listed, "$.open.invalid-event")).isEqualTo(1);
        assertThat(JsonPath.<String>read(listed, "$.letters[0].detail"))
                .isEqualTo("items[0].tag: at most 120 characters");
        assertThat(listed).doesNotContain(theirs).doesNotContain(unreadable);

        String readOnly = new CatalogAdmin(infrastructure.dataSource())
                .issueApiKey(tenant.projectId(), "viewer", Set.of(ApiKeyScope.READ), null)
                .secret()
                .value();
        assertThat(http.send("POST", "/v1/dead-letters/" + ours + "/redrive", readOnly, null, null)
                        .status())
                .isEqualTo(403);
        assertThat(http.send("POST", "/v1/dead-letters/" + theirs + "/redrive", tenant.apiKey(), null, null)
                        .status())
                .as("another project's letter is not found, not forbidden")
                .isEqualTo(404);

        Response redriven = http.send("POST", "/v1/dead-letters/" + ours + "/redrive", tenant.apiKey(), null, null);

        assertThat(redriven.status()).as(redriven.body()).isEqualTo(202);
        ConsumerRecord<String, FeedbackBatch> back = feedback.awaitRecord(this::ours);
        assertThat(new String(
                        back.headers().lastHeader(DeadLetter.REDRIVEN_FROM).value(), StandardCharsets.UTF_8))
                .isEqualTo(ours);
        assertThat(back.headers().lastHeader(DeadLetterHeaders.REASON))
                .as("dead-letter headers stay behind")
                .isNull();
        String after = ok("/v1/dead-letters");
        assertThat(JsonPath.<Map<String, Object>>read(after, "$.open")).isEmpty();
        assertThat(JsonPath.<String>read(after, "$.letters[0].redriven_at")).isNotNull();
    }

    private String ok(String path) {
        Response response = http.get(path, tenant.apiKey());
        assertThat(response.status()).as("%s -> %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    private static FeedbackItem said(String usage, String comment, String tag, Instant at) {
        return FeedbackItem.newBuilder()
                .setUsageId(usage)
                .setFeedbackTypeId(1)
                .setFlag(false)
                .setComment(comment)
                .setTag(tag)
                .setOccurredAt(at)
                .build();
    }

    /** Writes what the processor writes to feedback.v1.dlt; a null project writes bytes that are no event. */
    private String deadLetter(UUID project, String reason, String detail) throws Exception {
        byte[] value = project == null
                ? "garbage".getBytes(StandardCharsets.UTF_8)
                : new EventSerializer<FeedbackBatch>()
                        .serialize(
                                Topics.FEEDBACK.name(),
                                FeedbackBatch.newBuilder()
                                        .setEventId(UUID.randomUUID())
                                        .setProjectId(project)
                                        .setEndpointId(null)
                                        .setReceivedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                                        .setSource(FeedbackSource.DIRECT_PRODUCER)
                                        .setRequestId(null)
                                        .setItems(List.of(ProcessorStandIn.item(
                                                "poison", 1, true, null, "x".repeat(121), Instant.now())))
                                        .build());
        ProducerRecord<byte[], byte[]> letter =
                new ProducerRecord<>(Topics.FEEDBACK.deadLetterTopic(), "poison".getBytes(), value);
        for (String[] header : Arrays.asList(
                new String[] {DeadLetterHeaders.REASON, reason},
                new String[] {DeadLetterHeaders.DETAIL, detail},
                new String[] {DeadLetterHeaders.ORIGINAL_TOPIC, Topics.FEEDBACK.name()},
                new String[] {DeadLetterHeaders.ORIGINAL_PARTITION, "0"},
                new String[] {DeadLetterHeaders.ORIGINAL_OFFSET, "12"},
                new String[] {DeadLetterHeaders.FAILED_AT, Instant.now().toString()})) {
            letter.headers().add(header[0], header[1].getBytes(StandardCharsets.UTF_8));
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                DurableProducer.settings(infrastructure.bootstrapServers(), Map.of()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            RecordMetadata sent = producer.send(letter).get();
            return sent.topic() + ":" + sent.partition() + ":" + sent.offset();
        }
    }
}
