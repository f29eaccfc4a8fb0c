package io.feedbackpipeline.processor.analytics;

import static io.feedbackpipeline.processor.support.Pipeline.batch;
import static io.feedbackpipeline.processor.support.Pipeline.log;
import static io.feedbackpipeline.processor.support.Pipeline.rating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.processor.support.Pipeline;
import io.feedbackpipeline.processor.support.ProcessorIT;
import io.feedbackpipeline.schemas.CompletionLogged;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The running processor keeps the analytics rollup equal to what its registers say, and consumes its marks. */
@ProcessorIT
@TestPropertySource(properties = "pipeline.processor.analytics.refresh-every=200ms")
class RollupRefresherIT {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00.000001Z");

    /** Per hour and model: registers, and of those positive, from the rollup's by-model rows. */
    private static final String ROLLUP = """
            SELECT hour, model, sum(registers)::bigint AS registers,
                   coalesce(sum(registers) FILTER (WHERE flag), 0)::bigint AS positive
              FROM feedback_rollup WHERE project_id = ? AND dims = 1 GROUP BY hour, model ORDER BY hour, model""";

    /** The same, computed from the registers and logs themselves. */
    private static final String REGISTERS = """
            SELECT date_trunc('hour', f.occurred_at, 'UTC') AS hour, l.model, count(*) AS registers,
                   count(*) FILTER (WHERE f.flag) AS positive
              FROM completion_feedback f LEFT JOIN completion_log l USING (project_id, usage_id)
             WHERE f.project_id = ? GROUP BY 1, 2 ORDER BY 1, 2""";

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
    @DisplayName("after changed ratings and changed models the rollup equals the registers and no mark is left")
    void rollupFollowsTheRegisters() {
        UUID project = pipeline.newProject();
        Random random = new Random(7);
        for (int i = 0; i < 150; i++) {
            String usage = "u" + random.nextInt(40);
            Instant at = T0.plusSeconds(random.nextInt(5 * 3600));
            if (random.nextInt(4) == 0) {
                CompletionLogged logged = log(project, usage, at, "c");
                logged.setModel("model-" + random.nextInt(3)); // a newer log moves the usage's ratings
                pipeline.publish(logged, usage);
            } else {
                pipeline.publish(batch(project, at, rating(usage, random.nextBoolean(), at)), usage);
            }
        }
        pipeline.awaitCaughtUp(Duration.ofSeconds(60));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(marks(project)).isZero();
            assertThat(rows(ROLLUP, project))
                    .isEqualTo(rows(REGISTERS, project))
                    .isNotEmpty();
        });
    }

    @Test
    @DisplayName("the hour being written is left marked, one mark for many writes, and not rolled up; past hours are")
    void openHourLeftToTheRegisters() {
        UUID project = pipeline.newProject();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant currentHour = now.truncatedTo(ChronoUnit.HOURS);
        for (int i = 0; i < 30; i++) {
            String usage = "open-" + i;
            pipeline.publish(batch(project, now, rating(usage, true, now)), usage);
            String old = "closed-" + i;
            pipeline.publish(batch(project, T0, rating(old, false, T0)), old);
            pipeline.awaitCaughtUp(Duration.ofSeconds(60)); // a transaction each, so the open hour gets many marks
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(marks(project))
                    .as("the open hour's marks, thinned to one")
                    .isOne();
            assertThat(pipeline.jdbc()
                            .sql("SELECT hour FROM feedback_rollup_dirty WHERE project_id = ?")
                            .param(project)
                            .query(Timestamp.class)
                            .single()
                            .toInstant())
                    .isEqualTo(currentHour);
            assertThat(rows(ROLLUP, project))
                    .as("only the closed hour rolled up")
                    .isEqualTo(rows(
                            REGISTERS.replace("WHERE f.project_id = ?", "WHERE f.project_id = ? AND f.occurred_at < ?"),
                            project,
                            Timestamp.from(currentHour)))
                    .hasSize(1);
        });
    }

    private long marks(UUID project) {
        return pipeline.jdbc()
                .sql("SELECT count(*) FROM feedback_rollup_dirty WHERE project_id = ?")
                .param(project)
                .query(Long.class)
                .single();
    }

    private List<Map<String, Object>> rows(String sql, Object... parameters) {
        return pipeline.jdbc().sql(sql).params(parameters).query().listOfRows();
    }
}
