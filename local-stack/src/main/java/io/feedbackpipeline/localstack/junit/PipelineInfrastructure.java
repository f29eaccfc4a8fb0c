package io.feedbackpipeline.localstack.junit;

import com.zaxxer.hikari.HikariDataSource;
import io.feedbackpipeline.catalog.CatalogMigrations;
import io.feedbackpipeline.localstack.Folders;
import io.feedbackpipeline.localstack.FreePorts;
import io.feedbackpipeline.localstack.kafka.KafkaBroker;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import io.feedbackpipeline.schemas.contract.TopicLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;

/**
 * A real Kafka broker with the pipeline's topics and a real, freshly migrated PostgreSQL, started once per test
 * JVM in a fresh temporary directory. Tests share it, so each test works in its own project (or usage ids) rather
 * than wiping state. Either server can be stopped and started again to simulate an outage.
 */
public final class PipelineInfrastructure implements AutoCloseable {

    public static final int PARTITIONS = 3;

    private final Path directory;
    private final KafkaBroker kafka;
    private final PostgresServer postgres;
    private final HikariDataSource dataSource;

    private PipelineInfrastructure(
            Path directory, KafkaBroker kafka, PostgresServer postgres, HikariDataSource dataSource) {
        this.directory = directory;
        this.kafka = kafka;
        this.postgres = postgres;
        this.dataSource = dataSource;
    }

    public static PipelineInfrastructure startFresh() {
        try {
            Path directory = Files.createTempDirectory("feedback-pipeline-it-");
            PostgresServer postgres =
                    PostgresServer.start(new PostgresServer.Settings(directory.resolve("postgres"), FreePorts.pick()));
            HikariDataSource dataSource = postgres.newDataSource("test-fixture");
            CatalogMigrations.migrate(dataSource, CatalogMigrations.ServiceRoles.DEFAULT);
            KafkaBroker kafka = KafkaBroker.start(
                    new KafkaBroker.Settings(directory.resolve("kafka"), FreePorts.pick(), FreePorts.pick()));
            kafka.createTopics(TopicLayout.singleBroker(PARTITIONS));
            return new PipelineInfrastructure(directory, kafka, postgres, dataSource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** A small pool on the migrated database as its owner, for arranging and asserting. */
    public DataSource dataSource() {
        return dataSource;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    /** Points Spring Boot applications started by the test at these servers. */
    void exportSpringProperties() {
        System.setProperty("spring.kafka.bootstrap-servers", bootstrapServers());
        System.setProperty("spring.datasource.url", jdbcUrl());
        // Each service's test annotation names its own role; the fixture migrated the database as the owner.
        // The broker runs in the test JVM: keep its and the clients' INFO chatter out of test output.
        System.setProperty("logging.level.org.apache.kafka", "WARN");
        System.setProperty("logging.level.kafka", "WARN");
        System.setProperty("logging.level.state.change.logger", "WARN");
    }

    /** Forgets every server setting {@link #exportSpringProperties} made. */
    static void clearSpringProperties() {
        for (String name : new String[] {"spring.kafka.bootstrap-servers", "spring.datasource.url"}) {
            System.clearProperty(name);
        }
    }

    @Override
    public void close() {
        try (dataSource;
                kafka;
                postgres) {
            // closed in reverse order: postgres, kafka, pool
        } finally {
            try {
                Folders.deleteRecursively(directory);
            } catch (IOException e) {
                // leftover temporary files are harmless; nothing depends on their removal
            }
        }
    }
}
