package io.feedbackpipeline.processor.consume;

import static io.feedbackpipeline.processor.support.Pipeline.batch;
import static io.feedbackpipeline.processor.support.Pipeline.rating;
import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.processor.support.Pipeline;
import io.feedbackpipeline.processor.support.ProcessorIT;
import io.feedbackpipeline.processor.support.Readiness;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Who is at fault decides what happens (DESIGN.md 8): every one of these faults is the environment's, caused for
 * real on the real PostgreSQL. While it lasts the processor retries, reports the stall with its SQLState in its
 * readiness, and dead-letters nothing; once it ends, every valid record is projected and the one invalid record
 * queued behind them is dead-lettered exactly once, however many times its batch was retried.
 */
@WithPipelineInfrastructure(dedicated = true)
@ProcessorIT
@TestPropertySource(properties = "pipeline.test.servers=dedicated:EnvironmentFaultsIT")
@DirtiesContext
class EnvironmentFaultsIT {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final int RATINGS = 20;

    @Value("${local.server.port}")
    int port;

    @Autowired
    MeterRegistry meters;

    PipelineInfrastructure infrastructure;
    Pipeline pipeline;

    @BeforeEach
    void open(PipelineInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
        this.pipeline = new Pipeline(infrastructure);
    }

    @AfterEach
    void close() {
        pipeline.close();
    }

    /** A fault: how to cause it and how to end it. */
    private interface Fault {
        void cause() throws Exception;

        void end() throws Exception;
    }

    @Test
    @DisplayName("a read-only failover (default_transaction_read_only, sessions reconnected) is waited out")
    void readOnlyFailover() throws Exception {
        survives("25006", new Fault() {
            @Override
            public void cause() throws SQLException {
                asSuperuser("ALTER DATABASE feedback SET default_transaction_read_only = on");
                reconnectAllSessions();
            }

            @Override
            public void end() throws SQLException {
                asSuperuser("ALTER DATABASE feedback SET default_transaction_read_only = off");
                reconnectAllSessions();
            }
        });
    }

    @Test
    @DisplayName("a privilege revoked from the processor's role is waited out")
    void privilegeRevoked() throws Exception {
        survives("42501", new Fault() {
            @Override
            public void cause() throws SQLException {
                asOwner("REVOKE INSERT, UPDATE ON completion_feedback FROM feedback_processor");
            }

            @Override
            public void end() throws SQLException {
                asOwner("GRANT INSERT, UPDATE ON completion_feedback TO feedback_processor");
            }
        });
    }

    @Test
    @DisplayName("a table renamed under the processor (a deploy in progress) is waited out")
    void tableRenamed() throws Exception {
        survives("42P01", new Fault() {
            @Override
            public void cause() throws SQLException {
                asOwner("ALTER TABLE completion_feedback RENAME TO completion_feedback_moved");
            }

            @Override
            public void end() throws SQLException {
                asOwner("ALTER TABLE completion_feedback_moved RENAME TO completion_feedback");
            }
        });
    }

    @Test
    @DisplayName("a row lock held by another session past lock_timeout is waited out")
    void rowLockHeld() throws Exception {
        UUID project = pipeline.newProject();
        pipeline.publish(batch(project, T0, rating("locked", true, T0)), "key");
        pipeline.awaitCaughtUp(Duration.ofSeconds(30));
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> {
            try (Connection session = infrastructure.dataSource().getConnection();
                    Statement sql = session.createStatement()) {
                session.setAutoCommit(false);
                sql.execute("SELECT 1 FROM completion_feedback WHERE project_id = '" + project
                        + "' AND usage_id = 'locked' FOR UPDATE");
                locked.countDown();
                release.await(60, TimeUnit.SECONDS);
                session.rollback();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
        survives(
                project,
                "55P03",
                new Fault() {
                    @Override
                    public void cause() {
                        // the lock is held already; the next rating of "locked" waits for it
                    }

                    @Override
                    public void end() throws Exception {
                        release.countDown();
                        holder.get(10, TimeUnit.SECONDS);
                    }
                },
                List.of("locked"));
    }

    @Test
    @DisplayName("PostgreSQL stopped is waited out")
    void serverStopped() throws Exception {
        survives(null, new Fault() {
            @Override
            public void cause() {
                infrastructure.postgres().stop();
            }

            @Override
            public void end() {
                infrastructure.postgres().start();
            }
        });
    }

    private void survives(String sqlState, Fault fault) throws Exception {
        survives(pipeline.newProject(), sqlState, fault, List.of());
    }

    /**
     * Publishes ratings and one invalid record behind them on one partition while {@code fault} lasts, then checks
     * the stall, the absence of dead letters, and the outcome once the fault ended.
     */
    private void survives(UUID project, String sqlState, Fault fault, List<String> alsoRated) throws Exception {
        pipeline.awaitCaughtUp(Duration.ofSeconds(30));
        long deadLettersBefore = pipeline.deadLetterCount();
        double failedAttemptsBefore =
                meters.counter("feedback.processor.retries").count();
        fault.cause();
        try {
            for (String usageId : alsoRated) {
                pipeline.publish(
                        batch(project, T0.plusSeconds(1), rating(usageId, false, T0.plusSeconds(1))), "one-partition");
            }
            for (int i = 0; i < RATINGS; i++) {
                pipeline.publish(batch(project, T0, rating("r-" + i, i % 2 == 0, T0.plusSeconds(i))), "one-partition");
            }
            pipeline.publish(
                    batch(
                            project,
                            T0,
                            FeedbackItem.newBuilder()
                                    .setUsageId("invalid")
                                    .setFeedbackTypeId(987_654)
                                    .setFlag(true)
                                    .setOccurredAt(T0)
                                    .build()),
                    "one-partition");

            String reason = new Readiness(port).awaitStallReason();
            if (sqlState != null) {
                assertThat(reason).isEqualTo("SQLState " + sqlState);
            }
            assertThat(pipeline.deadLetterCount())
                    .as("nothing dead-lettered during the fault")
                    .isEqualTo(deadLettersBefore);
        } finally {
            fault.end();
        }
        pipeline.awaitCaughtUp(Duration.ofSeconds(60));

        assertThat(pipeline.feedbackRows(project))
                .filteredOn(row -> row.get("usage_id").toString().startsWith("r-"))
                .hasSize(RATINGS);
        for (String usageId : alsoRated) {
            assertThat(pipeline.feedbackRows(project))
                    .filteredOn(row -> row.get("usage_id").equals(usageId))
                    .singleElement()
                    .satisfies(row -> assertThat(row.get("flag")).isEqualTo(false));
        }
        assertThat(pipeline.deadLetterCount())
                .as("the invalid record, dead-lettered once")
                .isEqualTo(deadLettersBefore + 1);
        assertThat(meters.counter("feedback.processor.retries").count())
                .as("failed attempts were retried")
                .isGreaterThan(failedAttemptsBefore);
        assertThat(new Readiness(port).get().statusCode()).isEqualTo(200);
    }

    private void asOwner(String statement) throws SQLException {
        execute(infrastructure.dataSource(), statement);
    }

    private void asSuperuser(String statement) throws SQLException {
        execute(infrastructure.postgres().superuser(), statement);
    }

    /** As in a failover: every session on the database ends, and the pools open new ones. */
    private void reconnectAllSessions() throws SQLException {
        asSuperuser("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = 'feedback' AND pid <> pg_backend_pid()");
    }

    private static void execute(DataSource dataSource, String statement) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
