package io.feedbackpipeline.processor.projection;

import static io.feedbackpipeline.processor.support.Pipeline.batch;
import static io.feedbackpipeline.processor.support.Pipeline.log;
import static io.feedbackpipeline.processor.support.Pipeline.rating;
import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.processor.support.Pipeline;
import io.feedbackpipeline.processor.support.ProcessorIT;
import io.feedbackpipeline.schemas.FeedbackItem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

@ProcessorIT
class ProjectionIT {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00.000001Z");

    @Value("${local.server.port}")
    int port;

    Pipeline pipeline;

    @BeforeEach
    void setUp(PipelineInfrastructure infrastructure) {
        pipeline = new Pipeline(infrastructure);
    }

    @AfterEach
    void tearDown() {
        pipeline.close();
    }

    @Test
    @DisplayName("the same events published twice, shuffled and split differently, leave identical tables")
    void replayedEventsChangeNothing() {
        UUID project = pipeline.newProject();
        int score = pipeline.jdbc()
                .sql("INSERT INTO feedback_type (project_id, name, kind, min_value, max_value)"
                        + " VALUES (?, 'score', 'NUMERIC', 0, 10) RETURNING id")
                .param(project)
                .query(Integer.class)
                .single();
        Random random = new Random(42);
        List<SpecificRecord> history = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String usage = "u" + random.nextInt(15);
            Instant at = T0.plusSeconds(random.nextInt(30)); // collisions: many versions share a time
            List<FeedbackItem> items = new ArrayList<>();
            for (int n = 0; n < 1 + random.nextInt(4); n++) {
                items.add(
                        random.nextBoolean()
                                ? rating(usage, random.nextBoolean(), at)
                                : FeedbackItem.newBuilder()
                                        .setUsageId("u" + random.nextInt(15))
                                        .setFeedbackTypeId(score)
                                        .setValue((double) random.nextInt(11))
                                        .setOccurredAt(at)
                                        .build());
            }
            history.add(batch(project, at, items.toArray(FeedbackItem[]::new)));
            if (i % 6 == 0) {
                history.add(log(project, usage, at, "completion " + i));
            }
        }

        publishShuffled(history, new Random(1));
        pipeline.awaitCaughtUp(Duration.ofSeconds(60));
        String first = pipeline.digest(project);
        long rows = pipeline.feedbackRows(project).size();

        publishShuffled(history, new Random(2));
        pipeline.awaitCaughtUp(Duration.ofSeconds(60));

        assertThat(pipeline.digest(project)).isEqualTo(first);
        assertThat(rows).isGreaterThan(10);
    }

    @Test
    @DisplayName("last write wins by occurred_at, whatever the arrival order, and the log shows the type-1 register")
    void lastWriteWinsByFeedbackTime() {
        UUID project = pipeline.newProject();
        pipeline.publish(log(project, "log-1", T0, "hello"), "log-1");
        pipeline.publish(batch(project, T0, rating("log-1", true, T0.plusSeconds(10))), "log-1");
        pipeline.publish(batch(project, T0, rating("log-1", false, T0.plusSeconds(5))), "other-key");
        pipeline.awaitCaughtUp(Duration.ofSeconds(30));

        Map<String, Object> log = pipeline.log(project, "log-1");
        assertThat(log)
                .containsEntry("positive_rating", true)
                .containsEntry("rating", 0)
                .containsEntry("completion", "hello");
        assertThat(pipeline.feedbackRows(project))
                .singleElement()
                .satisfies(row -> assertThat(row).containsEntry("flag", true));
    }

    @Test
    @DisplayName("a rating and its log written at the same moment by different consumers never miss each other")
    void concurrentRatingAndLog() {
        UUID project = pipeline.newProject();
        for (int i = 0; i < 200; i++) {
            // Different keys: the rating and the log land on different partitions, so different consumers.
            pipeline.publish(batch(project, T0, rating("race-" + i, i % 2 == 0, T0)), "r" + i);
            pipeline.publish(log(project, "race-" + i, T0, "c"), "l" + (i + 1));
        }
        pipeline.awaitCaughtUp(Duration.ofSeconds(60));

        assertThat(pipeline.jdbc().sql("""
                SELECT count(*) FROM completion_log l JOIN completion_feedback f USING (project_id, usage_id)
                 WHERE l.project_id = ? AND f.feedback_type_id = 1 AND l.log_event_id IS NOT NULL
                   AND l.positive_rating = f.flag""").param(project).query(Long.class).single())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("feedback before its log and feedback after it converge to the same row")
    void feedbackBeforeOrAfterTheLog() {
        UUID project = pipeline.newProject();
        pipeline.publish(batch(project, T0, rating("early", false, T0)), "early");
        pipeline.awaitCaughtUp(Duration.ofSeconds(30));
        pipeline.publish(log(project, "early", T0, "c"), "early");
        pipeline.publish(log(project, "late", T0, "c"), "late");
        pipeline.awaitCaughtUp(Duration.ofSeconds(30));
        pipeline.publish(batch(project, T0, rating("late", false, T0)), "late");
        pipeline.awaitCaughtUp(Duration.ofSeconds(30));

        // rating is not derived from the thumbs: Baseplate's sample has positive_rating true beside rating 0.
        assertThat(pipeline.log(project, "early"))
                .containsEntry("positive_rating", false)
                .containsEntry("rating", 0);
        assertThat(pipeline.log(project, "late"))
                .containsEntry("positive_rating", false)
                .containsEntry("rating", 0);
    }

    @Test
    @DisplayName("feedback of project B on project A's usage_id never shows in A's completion log")
    void crossProjectFeedbackIsInvisible() {
        UUID owner = pipeline.newProject();
        UUID stranger = pipeline.newProject();
        pipeline.publish(log(owner, "shared-id", T0, "owned"), "shared-id");
        pipeline.publish(batch(stranger, T0, rating("shared-id", true, T0.plusSeconds(60))), "shared-id");
        pipeline.awaitCaughtUp(Duration.ofSeconds(30));

        assertThat(pipeline.log(owner, "shared-id"))
                .containsEntry("positive_rating", null)
                .containsEntry("rating", 0);
        assertThat(pipeline.feedbackRows(owner)).isEmpty();
        assertThat(pipeline.feedbackRows(stranger)).hasSize(1);
        assertThat(pipeline.jdbc()
                        .sql("SELECT count(*) FROM completion_log WHERE project_id = ?"
                                + " AND log_event_id IS NOT NULL")
                        .param(stranger)
                        .query(Long.class)
                        .single())
                .as("no log")
                .isZero();
    }

    @Test
    @DisplayName("the actuator exposes batch, item, row, latency, dead-letter and consumer-lag metrics")
    void metricsAreExposed() throws Exception {
        UUID project = pipeline.newProject();
        pipeline.publish(batch(project, Instant.now().truncatedTo(ChronoUnit.MICROS), rating("m", true, T0)), "m");
        pipeline.awaitCaughtUp(Duration.ofSeconds(30));

        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();

        assertThat(metrics)
                .contains(
                        "feedback_processor_batch_records",
                        "feedback_processor_items_in_total",
                        "feedback_processor_rows_written_total",
                        "feedback_processor_commit_latency_seconds",
                        "feedback_processor_visibility_latency_seconds",
                        "feedback_processor_retries_total",
                        "kafka_consumer_fetch_manager_records_lag");
    }

    private void publishShuffled(List<SpecificRecord> history, Random random) {
        List<SpecificRecord> shuffled = new ArrayList<>(history);
        Collections.shuffle(shuffled, random);
        for (SpecificRecord event : shuffled) {
            // A random key per send: the same event lands on another partition, in another consumer batch.
            pipeline.publish(event, Integer.toString(random.nextInt(1000)));
        }
    }
}
