package io.feedbackpipeline.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.feedbackctl.FeedbackCtl;
import io.feedbackpipeline.localstack.junit.FeedbackRecords;
import io.feedbackpipeline.localstack.kafka.ConsumerGroupProgress;
import io.feedbackpipeline.projection.store.ProjectionDigest;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.EventSerializer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * feedbackctl replay --rebuild on the running stack while events keep arriving: readers never see a half-built
 * projection, the live processor keeps projecting into the swapped-in tables, and the result equals a from-scratch
 * build.
 */
@ExtendWith(SharedStack.Resolver.class)
class RebuildIT {

    @Test
    @DisplayName("a rebuild under a live stream swaps atomically and ends equal to a from-scratch build")
    void rebuildUnderLiveTraffic(SharedStack stack) throws Exception {
        // A project of its own on the shared stack: its figures are exact whatever other classes wrote before.
        CatalogAdmin catalog = new CatalogAdmin(dataSource(stack.env()), "rebuild test");
        UUID project = catalog.createProject("rebuild-" + UUID.randomUUID()).id();
        Map<String, String> env = new HashMap<>(stack.env());
        env.put("API_KEY", catalog.issueApiKey(project, "rebuild test").secret().value());
        AtomicInteger produced = new AtomicInteger();
        AtomicBoolean streaming = new AtomicBoolean(true);
        Thread stream = new Thread(() -> stream(env, project, produced, streaming), "stream");
        List<Long> counts = new CopyOnWriteArrayList<>();
        List<String> readerErrors = new CopyOnWriteArrayList<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> read(env, project, counts, readerErrors, reading), "reader");
        stream.start();
        reader.start();
        awaitCount(env, project, 200);

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FeedbackCtl.execute(
                new String[] {"replay", "--rebuild", "--batch-size", "200"},
                env,
                new PrintWriter(out),
                new PrintWriter(err));
        Thread.sleep(1_000); // the stream goes on after the swap
        streaming.set(false);
        stream.join();
        awaitCount(env, project, produced.get());
        // Every fifth rating has a log, sent after it: wait for both topics, not just the ratings.
        ConsumerGroupProgress.awaitCaughtUp(
                env.get("KAFKA_BOOTSTRAP_SERVERS"), ConsumerGroupProgress.PROCESSOR_GROUP, Duration.ofSeconds(60));
        reading.set(false);
        reader.join();

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("rebuilt the projection").contains("swapped it in");
        assertThat(readerErrors).as("errors seen by the reader").isEmpty();
        assertThat(counts)
                .as("rows seen by a reader never go back: no half-built state")
                .isSorted();
        assertThat(count(env, project)).isEqualTo(produced.get());

        assertThat(((Number)
                                single(
                                        env,
                                        "SELECT count(*) FROM event_receipt WHERE project_id = '" + project + "'"
                                                + " AND source_topic = 'feedback.v1' AND outcome = 'projected' AND items_won = 1"))
                        .longValue())
                .as("one receipt per streamed event, through a rebuild under traffic")
                .isEqualTo(produced.get());
        String receipts = single(
                        env,
                        "SELECT md5(string_agg(event_id || outcome || items || coalesce(items_won, -1)"
                                + " || decided_at, ',' ORDER BY event_id)) FROM event_receipt"
                                + " WHERE project_id = '" + project + "'")
                .toString();
        String afterLiveRebuild = ProjectionDigest.of(dataSource(env), ProjectionTables.LIVE, project);
        String analytics = analytics(env);
        assertThat(FeedbackCtl.execute(
                        new String[] {"replay", "--rebuild"},
                        env,
                        new PrintWriter(new StringWriter()),
                        new PrintWriter(new StringWriter())))
                .isZero();
        assertThat(ProjectionDigest.of(dataSource(env), ProjectionTables.LIVE, project))
                .as("equal to a from-scratch build")
                .isEqualTo(afterLiveRebuild);
        assertThat(analytics(env))
                .as("every analytics answer is unchanged by a rebuild")
                .isEqualTo(analytics)
                .contains("\"positive\":");
        assertThat(single(
                                env,
                                "SELECT md5(string_agg(event_id || outcome || items || coalesce(items_won, -1)"
                                        + " || decided_at, ',' ORDER BY event_id)) FROM event_receipt"
                                        + " WHERE project_id = '" + project + "'")
                        .toString())
                .as("a rebuild replays every event and changes no receipt")
                .isEqualTo(receipts);
    }

    /** One new usage_id per event, so every event adds exactly one register; a log for every fifth. */
    private static void stream(Map<String, String> env, UUID project, AtomicInteger produced, AtomicBoolean streaming) {
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        env.get("KAFKA_BOOTSTRAP_SERVERS"),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new EventSerializer<>())) {
            while (streaming.get()) {
                int n = produced.get();
                String usage = "rebuild-" + n;
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                producer.send(new ProducerRecord<>(
                                Topics.FEEDBACK.name(), usage, FeedbackRecords.thumb(project, usage, n % 2 == 0, now)))
                        .get();
                if (n % 5 == 0) {
                    producer.send(new ProducerRecord<>(
                                    Topics.COMPLETION_LOGS.name(),
                                    usage,
                                    CompletionLogged.newBuilder()
                                            .setEventId(UUID.randomUUID())
                                            .setEmittedAt(now)
                                            .setUsageId(usage)
                                            .setProjectId(project)
                                            .setCreatedAt(now)
                                            .setCompletion("c")
                                            .build()))
                            .get();
                }
                produced.incrementAndGet();
                Thread.sleep(3);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void read(
            Map<String, String> env, UUID project, List<Long> counts, List<String> errors, AtomicBoolean reading) {
        while (reading.get()) {
            try {
                counts.add(count(env, project));
                Thread.sleep(10);
            } catch (Exception e) {
                errors.add(e.toString());
            }
        }
    }

    private static void awaitCount(Map<String, String> env, UUID project, long expected) {
        Awaitility.await()
                .alias(expected + " registers projected")
                .atMost(Duration.ofSeconds(60))
                .until(() -> count(env, project) >= expected);
    }

    private static Object single(Map<String, String> env, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(
                        env.get("JDBC_URL"), env.get("JDBC_USER"), env.get("JDBC_PASSWORD"));
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getObject(1);
        }
    }

    private static long count(Map<String, String> env, UUID project) throws Exception {
        try (Connection connection = DriverManager.getConnection(
                        env.get("JDBC_URL"), env.get("JDBC_USER"), env.get("JDBC_PASSWORD"));
                ResultSet rows = connection
                        .createStatement()
                        .executeQuery(
                                "SELECT count(*) FROM completion_feedback WHERE project_id = '" + project + "'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The project's feedback per minute and per hour, by model and endpoint, from the running gateway. */
    private static String analytics(Map<String, String> env) throws Exception {
        StringBuilder answers = new StringBuilder();
        for (String query : List.of("bucket=minute", "bucket=hour&group_by=model,endpoint")) {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create(env.get("GATEWAY_URL") + "/v1/analytics/feedback?" + query))
                                    .header("Authorization", "Bearer " + env.get("API_KEY"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            // "to" and "from" move with the clock; the groups are what must not change
            answers.append(response.body().substring(response.body().indexOf("\"groups\"")));
        }
        return answers.toString();
    }

    private static PGSimpleDataSource dataSource(Map<String, String> env) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(env.get("JDBC_URL"));
        dataSource.setUser(env.get("JDBC_USER"));
        dataSource.setPassword(env.get("JDBC_PASSWORD"));
        return dataSource;
    }
}
