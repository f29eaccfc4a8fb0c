package io.feedbackpipeline.systemtests.faults;

import com.zaxxer.hikari.HikariDataSource;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.localstack.cluster.PipelineProcesses;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import io.feedbackpipeline.localstack.process.ManagedProcess;
import io.feedbackpipeline.systemtests.SharedStack;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The pipeline as separate processes for the fault suite ({@link PipelineProcesses}): one processor to start with
 * (up to three), the gateway with a short key cache, and one tenant with a NUMERIC feedback type for every scenario.
 */
final class FaultCluster implements AutoCloseable {

    static final int PARTITIONS = 6;
    static final int MAX_PROCESSORS = 3;
    static final Duration AUTH_CACHE_TTL = Duration.ofSeconds(5);

    private final PipelineProcesses processes;
    private final UUID projectId;
    private final UUID endpointId;
    private final String apiKey;
    private final int numericTypeId;

    /** @param externalRegistry the external schema registry the processors ask for ids beyond the bundled history */
    FaultCluster(Path home, URI externalRegistry) {
        processes = PipelineProcesses.start(new PipelineProcesses.Options(
                home,
                Path.of(System.getProperty("gateway.jar")),
                Path.of(System.getProperty("processor.jar")),
                PARTITIONS,
                List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"),
                Map.of(
                        "PIPELINE_PROCESSOR_CONCURRENCY",
                        "2",
                        "PIPELINE_PROCESSOR_RETRY_MAX_INTERVAL",
                        "2s",
                        "PIPELINE_PROCESSOR_SCHEMA_REGISTRY_URL",
                        externalRegistry.toString()),
                Map.of(
                        "PIPELINE_GATEWAY_AUTH_CACHE_TTL",
                        AUTH_CACHE_TTL.toMillis() + "ms",
                        "PIPELINE_GATEWAY_RATE_LIMIT_ENABLED",
                        "false"),
                // Its services restart often (kills, joins): from the archive of their dependencies' classes.
                SharedStack.classCache()));
        CatalogAdmin catalog = new CatalogAdmin(processes.owner());
        projectId = catalog.createProject("fault-suite").id();
        endpointId = catalog.createEndpoint(projectId, "endpoint").id();
        apiKey = catalog.issueApiKey(projectId, "load").secret().value();
        numericTypeId = catalog.createFeedbackType(projectId, "sequence", FeedbackKind.NUMERIC, null, null)
                .orElseThrow()
                .id();
        processes.startServices();
    }

    /** Starts {@code count} more processors at once. */
    void startProcessors(int count) {
        if (processes.processors().size() + count > MAX_PROCESSORS) {
            throw new IllegalStateException("at most " + MAX_PROCESSORS + " processors");
        }
        processes.startProcessors(count);
    }

    void stopNewestProcessor() {
        processes.stopNewestProcessor();
    }

    List<ManagedProcess> processors() {
        return processes.processors();
    }

    ManagedProcess gateway() {
        return processes.gateway();
    }

    ManagedProcess broker() {
        return processes.broker();
    }

    void startBroker() {
        processes.startBroker();
    }

    PostgresServer postgres() {
        return processes.postgres();
    }

    HikariDataSource owner() {
        return processes.owner();
    }

    String bootstrapServers() {
        return processes.bootstrapServers();
    }

    String gatewayUrl() {
        return processes.gatewayUrl();
    }

    UUID projectId() {
        return projectId;
    }

    UUID endpointId() {
        return endpointId;
    }

    String apiKey() {
        return apiKey;
    }

    int numericTypeId() {
        return numericTypeId;
    }

    Path logs() {
        return processes.logs();
    }

    void awaitServicesUp() {
        processes.awaitServicesUp();
    }

    @Override
    public void close() {
        processes.close();
    }
}
