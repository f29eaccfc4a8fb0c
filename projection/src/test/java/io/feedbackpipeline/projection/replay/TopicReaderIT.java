package io.feedbackpipeline.projection.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedbackpipeline.catalog.CachedCatalog;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.localstack.junit.FeedbackRecords;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.projection.Projector;
import io.feedbackpipeline.projection.RunOutcome;
import io.feedbackpipeline.projection.TransactionLimits;
import io.feedbackpipeline.projection.failure.ProjectionOutage;
import io.feedbackpipeline.projection.intake.Intake;
import io.feedbackpipeline.projection.store.ProjectionWriter;
import io.feedbackpipeline.projection.store.Transactions;
import io.feedbackpipeline.schemas.contract.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** How a drain cuts the topics into chunks and projects them two at a time, on the real broker and database. */
@WithPipelineInfrastructure
class TopicReaderIT {

    private static final int RECORDS = 3_000;

    /** Chunks of up to 1,000 records out of polls of up to 100. */
    private static final TopicReader.Chunk GATHERING = new TopicReader.Chunk(1_000, Long.MAX_VALUE, 100);

    private static final List<String> FEEDBACK_TOPIC = List.of(Topics.FEEDBACK.name());

    PipelineInfrastructure infrastructure;
    DataSource owner;
    UUID project;

    @BeforeEach
    void open(PipelineInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
        this.owner = infrastructure.dataSource();
        this.project = new CatalogAdmin(owner)
                .createProject("topic-reader-" + UUID.randomUUID())
                .id();
    }

    @Test
    @DisplayName("a chunk gathers polls up to its record count, never beyond, and every record is projected once")
    void chunksGatherPollsUpToTheirRecordCount() throws Exception {
        List<RunOutcome> chunks = drainNewRecords(GATHERING);

        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.records()).isLessThanOrEqualTo(1_000));
        assertThat(chunks)
                .as("a chunk larger than one poll's 100 records: polls were gathered")
                .anySatisfy(chunk -> assertThat(chunk.records()).isGreaterThan(100));
        assertThat(chunks.stream().mapToInt(RunOutcome::records).sum()).isEqualTo(RECORDS);
        assertThat(registersOfProject()).isEqualTo(RECORDS);
    }

    @Test
    @DisplayName("a chunk stops gathering at its byte budget: each chunk is then a single poll")
    void chunksStopAtTheirBytes() throws Exception {
        List<RunOutcome> chunks = drainNewRecords(new TopicReader.Chunk(1_000, 1, 100));

        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.records()).isLessThanOrEqualTo(100));
        assertThat(chunks.stream().mapToInt(RunOutcome::records).sum()).isEqualTo(RECORDS);
        assertThat(registersOfProject()).isEqualTo(RECORDS);
    }

    @Test
    @DisplayName("a chunk that cannot be written fails the drain with the outage, and nothing is reported for it")
    void aFailedChunkFailsTheDrain() throws Exception {
        Map<TopicPartition, Long> start;
        try (TopicReader reader = new TopicReader(
                infrastructure.bootstrapServers(), FEEDBACK_TOPIC, new TopicReader.Chunk(1000, Long.MAX_VALUE))) {
            start = reader.endOffsets();
        }
        FeedbackRecords.produceThumbs(infrastructure.bootstrapServers(), project, 500);
        Projector unreachable = new Projector(
                new Intake(new CachedCatalog(owner), 8 * 1024 * 1024),
                new ProjectionWriter(
                        new Transactions(databaseNobodyListensOn(), Transactions.Timeouts.DEFAULT),
                        ProjectionTables.LIVE),
                TransactionLimits.DEFAULT);
        List<RunOutcome> reported = new ArrayList<>();
        try (TopicReader reader = new TopicReader(infrastructure.bootstrapServers(), FEEDBACK_TOPIC, GATHERING)) {
            reader.seek(start);
            assertThatThrownBy(() -> reader.drain(reader.endOffsets(), unreachable, reported::add, Instant.MAX))
                    .isInstanceOf(ProjectionOutage.class);
        }
        assertThat(reported).isEmpty();
        assertThat(registersOfProject()).isZero();
    }

    private List<RunOutcome> drainNewRecords(TopicReader.Chunk chunk) throws Exception {
        Projector projector = new Projector(
                new Intake(new CachedCatalog(owner), 8 * 1024 * 1024),
                ProjectionWriter.live(new Transactions(owner, Transactions.Timeouts.DEFAULT)),
                TransactionLimits.DEFAULT);
        List<RunOutcome> chunks = new ArrayList<>();
        try (TopicReader reader = new TopicReader(infrastructure.bootstrapServers(), FEEDBACK_TOPIC, chunk)) {
            Map<TopicPartition, Long> start = reader.endOffsets();
            FeedbackRecords.produceThumbs(infrastructure.bootstrapServers(), project, RECORDS);
            reader.seek(start);
            assertThat(reader.drain(reader.endOffsets(), projector, chunks::add, Instant.MAX))
                    .isTrue();
        }
        return chunks;
    }

    private long registersOfProject() throws SQLException {
        try (Connection connection = owner.getConnection();
                Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery(
                        "SELECT count(*) FROM completion_feedback WHERE project_id = '" + project + "'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** A real connection failure: a port that was just free, with nothing listening on it. */
    private static DataSource databaseNobodyListensOn() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {"127.0.0.1"});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName("feedback");
        dataSource.setConnectTimeout(2);
        return dataSource;
    }
}
