package io.feedbackpipeline.properties;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.gateway.IngestGatewayApplication;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real gateway, started in this JVM as its own jar would start, on the real broker and database of the
 * fixtures, with a tenant of its own: a project, an endpoint, a key, a NUMERIC type in [1, 5] and a TEXT type.
 */
final class GatewayUnderTest implements AutoCloseable {

    private final PipelineInfrastructure infrastructure;
    private final ConfigurableApplicationContext gateway;
    private final UUID projectId;
    private final UUID endpointId;
    private final String apiKey;
    private final int numericTypeId;
    private final int textTypeId;

    GatewayUnderTest() {
        infrastructure = PipelineInfrastructure.startFresh();
        // Command-line arguments, as for the jar: they take precedence over the gateway's application.yml.
        gateway = new SpringApplicationBuilder(IngestGatewayApplication.class)
                .run(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--spring.kafka.bootstrap-servers=" + infrastructure.bootstrapServers(),
                        "--spring.datasource.url=" + infrastructure.jdbcUrl(),
                        "--spring.datasource.username=" + PostgresServer.GATEWAY.name(),
                        "--spring.datasource.password=" + PostgresServer.GATEWAY.password(),
                        "--pipeline.gateway.rate-limit.enabled=false",
                        "--logging.level.root=WARN");
        CatalogAdmin catalog = new CatalogAdmin(infrastructure.dataSource());
        CatalogAdmin.Project project = catalog.createProject("properties");
        projectId = project.id();
        endpointId = catalog.createEndpoint(projectId, "endpoint").id();
        apiKey = catalog.issueApiKey(projectId, "properties").secret().value();
        numericTypeId = catalog.createFeedbackType(projectId, "stars", FeedbackKind.NUMERIC, 1.0, 5.0)
                .orElseThrow()
                .id();
        textTypeId = catalog.createFeedbackType(projectId, "note", FeedbackKind.TEXT, null, null)
                .orElseThrow()
                .id();
    }

    PipelineInfrastructure infrastructure() {
        return infrastructure;
    }

    String baseUrl() {
        return "http://127.0.0.1:"
                + ((WebServerApplicationContext) gateway).getWebServer().getPort();
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

    int textTypeId() {
        return textTypeId;
    }

    @Override
    public void close() {
        try (infrastructure) {
            gateway.close();
        }
    }
}
