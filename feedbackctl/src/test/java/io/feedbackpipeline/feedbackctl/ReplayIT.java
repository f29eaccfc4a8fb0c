package io.feedbackpipeline.feedbackctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.localstack.junit.FeedbackRecords;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import io.feedbackpipeline.projection.store.ProjectionDigest;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.EventSerializer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

@WithPipelineInfrastructure
class ReplayIT {

    @Test
    @DisplayName("replay restores deleted rows from a range, changes nothing over current tables, and honours --to")
    void replay(PipelineInfrastructure infrastructure) throws Exception {
        Map<String, String> environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                infrastructure.bootstrapServers(),
                "JDBC_URL",
                infrastructure.jdbcUrl(),
                "JDBC_USER",
                PostgresServer.OWNER.name(),
                "JDBC_PASSWORD",
                PostgresServer.OWNER.password());
        UUID project = new CatalogAdmin(infrastructure.dataSource())
                .createProject("replay")
                .id();
        Instant from = Instant.now().minusSeconds(1);
        Random random = new Random(3);
        try (KafkaProducer<String, SpecificRecord> producer = producer(infrastructure)) {
            for (int i = 0; i < 40; i++) {
                String usage = "r" + random.nextInt(10);
                Instant at = Instant.parse("2026-11-22T10:00:00Z").plusSeconds(random.nextInt(20));
                send(
                        producer,
                        Topics.FEEDBACK.name(),
                        usage,
                        FeedbackRecords.thumb(project, usage, random.nextBoolean(), at));
                if (i % 8 == 0) {
                    send(
                            producer,
                            Topics.COMPLETION_LOGS.name(),
                            usage,
                            CompletionLogged.newBuilder()
                                    .setEventId(UUID.randomUUID())
                                    .setEmittedAt(at)
                                    .setUsageId(usage)
                                    .setProjectId(project)
                                    .setCreatedAt(at)
                                    .setCompletion("c" + i)
                                    .build());
                }
            }
        }

        String[] replayFrom = {"replay", "--from", from.toString()};
        Run first = run(environment, replayFrom);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("replayed").contains("row(s) changed");
        assertThat(first.err()).contains("records/s").contains("ETA");
        String built = digest(infrastructure, project);
        assertThat(count(infrastructure, project)).isGreaterThan(5);

        Run again = run(environment, "replay", "--from", "earliest");
        assertThat(again.out()).contains(" 0 row(s) changed");
        assertThat(digest(infrastructure, project)).isEqualTo(built);

        JdbcClient jdbc = JdbcClient.create(infrastructure.dataSource());
        jdbc.sql("DELETE FROM completion_feedback WHERE project_id = ?")
                .param(project)
                .update();
        jdbc.sql("DELETE FROM completion_log WHERE project_id = ?")
                .param(project)
                .update();
        assertThat(count(infrastructure, project)).isZero();
        assertThat(run(environment, replayFrom).code()).isZero();
        assertThat(digest(infrastructure, project)).isEqualTo(built);

        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Thread.sleep(20);
        try (KafkaProducer<String, SpecificRecord> producer = producer(infrastructure)) {
            send(producer, Topics.FEEDBACK.name(), "late", FeedbackRecords.thumb(project, "late", true, before));
        }
        run(environment, "replay", "--from", from.toString(), "--to", before.toString());
        assertThat(digest(infrastructure, project)).isEqualTo(built);
        run(environment, "replay", "--from", before.toString());
        assertThat(jdbc.sql("SELECT count(*) FROM completion_feedback WHERE project_id = ? AND usage_id = 'late'")
                        .param(project)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(run(environment, "replay", "--from", "yesterday").code()).isEqualTo(FeedbackCtl.USAGE);
    }

    record Run(int code, String out, String err) {}

    private static Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FeedbackCtl.execute(args, environment, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private static KafkaProducer<String, SpecificRecord> producer(PipelineInfrastructure infrastructure) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        infrastructure.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new EventSerializer<>());
    }

    private static void send(
            KafkaProducer<String, SpecificRecord> producer, String topic, String key, SpecificRecord event)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, key, event)).get();
    }

    private static String digest(PipelineInfrastructure infrastructure, UUID project) {
        return ProjectionDigest.of(infrastructure.dataSource(), ProjectionTables.LIVE, project);
    }

    private static long count(PipelineInfrastructure infrastructure, UUID project) {
        return JdbcClient.create(infrastructure.dataSource())
                .sql("SELECT (SELECT count(*) FROM completion_feedback WHERE project_id = ?)"
                        + " + (SELECT count(*) FROM completion_log WHERE project_id = ?)")
                .param(project)
                .param(project)
                .query(Long.class)
                .single();
    }
}
