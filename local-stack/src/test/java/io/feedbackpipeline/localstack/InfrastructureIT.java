package io.feedbackpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.localstack.junit.FeedbackRecords;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.Sql;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.localstack.postgres.ServerSizing;
import io.feedbackpipeline.schemas.FeedbackBatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@WithPipelineInfrastructure(dedicated = true)
class InfrastructureIT {

    @Test
    @DisplayName("a serialized FeedbackBatch produced to feedback.v1 on the real broker is read back decoded")
    void feedbackBatchRoundTripsThroughTheBroker(PipelineInfrastructure infrastructure) throws Exception {
        FeedbackBatch batch = sampleBatch();

        RecordMetadata written = produce(infrastructure, batch);
        FeedbackBatch read = readAt(infrastructure, written);

        assertThat(read).isEqualTo(batch);
    }

    @Test
    @DisplayName("the database is migrated: every table exists and the built-in positive_rating type is there")
    void databaseIsMigrated(PipelineInfrastructure infrastructure) throws Exception {
        assertThat(tables(infrastructure))
                .contains("project", "endpoint", "api_key", "feedback_type", "completion_log", "completion_feedback");
        assertThat(query(infrastructure, "SELECT name || ':' || kind FROM feedback_type WHERE id = 1"))
                .containsExactly("positive_rating:BOOLEAN");
    }

    @Test
    @DisplayName("the server is durable and runs with the buffers and WAL settings the growth benchmark chose")
    void serverSettings(PipelineInfrastructure infrastructure) throws Exception {
        assertThat(query(infrastructure, """
                        SELECT name || '=' || current_setting(name) FROM pg_settings
                         WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_compression',
                                        'checkpoint_timeout')
                         ORDER BY name"""))
                .containsExactly(
                        "checkpoint_timeout=15min",
                        "fsync=on",
                        "full_page_writes=on",
                        "synchronous_commit=on",
                        "wal_compression=off");
        // Sized from the machine (ServerSizing): its memory is fixed; its free disk moved a little since the start.
        ServerSizing now = ServerSizing.forThisMachine(dataDirectory(infrastructure));
        assertThat(query(infrastructure, "SELECT pg_size_bytes(current_setting('shared_buffers')) / 1048576"))
                .containsExactly(Long.toString(now.sharedBuffersMb()));
        assertThat(query(infrastructure, "SELECT pg_size_bytes(current_setting('max_wal_size')) / 1048576"))
                .singleElement()
                .satisfies(megabytes ->
                        assertThat(Long.parseLong(megabytes)).isCloseTo(now.maxWalSizeMb(), within(1024L)));
    }

    @Test
    @DisplayName("all contract topics and their dead-letter twins exist")
    void topicsExist(PipelineInfrastructure infrastructure) {
        assertThat(infrastructure.kafka().topicNames())
                .contains("feedback.v1", "feedback.v1.dlt", "completion-logs.v1", "completion-logs.v1.dlt");
    }

    @Test
    @DisplayName("stopping and restarting both servers keeps the database rows and the Kafka records")
    void dataSurvivesRestart(PipelineInfrastructure infrastructure) throws Exception {
        CatalogAdmin.Project project = new CatalogAdmin(infrastructure.dataSource()).createProject("restart-check");
        FeedbackBatch batch = sampleBatch();
        RecordMetadata written = produce(infrastructure, batch);

        infrastructure.kafka().stop();
        infrastructure.postgres().stop();
        infrastructure.postgres().start();
        infrastructure.kafka().start();

        assertThat(query(infrastructure, "SELECT name FROM project WHERE id = '" + project.id() + "'"))
                .containsExactly("restart-check");
        assertThat(readAt(infrastructure, written)).isEqualTo(batch);
    }

    private static FeedbackBatch sampleBatch() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return FeedbackRecords.thumb(UUID.randomUUID(), UUID.randomUUID().toString(), true, now);
    }

    private static RecordMetadata produce(PipelineInfrastructure infrastructure, FeedbackBatch batch) {
        return FeedbackRecords.produce(infrastructure.bootstrapServers(), batch);
    }

    private static FeedbackBatch readAt(PipelineInfrastructure infrastructure, RecordMetadata position) {
        return FeedbackRecords.readAt(infrastructure.bootstrapServers(), position);
    }

    private static List<String> tables(PipelineInfrastructure infrastructure) throws Exception {
        return query(infrastructure, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    }

    private static Path dataDirectory(PipelineInfrastructure infrastructure) throws Exception {
        try (Connection connection = infrastructure.postgres().superuser().getConnection();
                Statement statement = connection.createStatement();
                ResultSet setting = statement.executeQuery("SELECT current_setting('data_directory')")) {
            setting.next();
            return Path.of(setting.getString(1));
        }
    }

    private static List<String> query(PipelineInfrastructure infrastructure, String sql) throws Exception {
        return new Sql(infrastructure.dataSource()).column(sql);
    }
}
