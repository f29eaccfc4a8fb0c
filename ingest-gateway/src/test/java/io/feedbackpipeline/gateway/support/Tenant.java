package io.feedbackpipeline.gateway.support;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A fresh project with one endpoint and one API key, so each test sees only its own events and rows. */
public record Tenant(UUID projectId, UUID endpointId, UUID apiKeyId, String apiKey) {

    public static Tenant create(PipelineInfrastructure infrastructure) {
        CatalogAdmin catalog = new CatalogAdmin(infrastructure.dataSource());
        CatalogAdmin.Project project = catalog.createProject("test-" + UUID.randomUUID());
        CatalogAdmin.Endpoint endpoint = catalog.createEndpoint(project.id(), "endpoint");
        CatalogAdmin.IssuedApiKey key = catalog.issueApiKey(project.id(), "test key");
        return new Tenant(project.id(), endpoint.id(), key.id(), key.secret().value());
    }

    /** Creates a project-owned feedback type and returns its id. */
    public int createFeedbackType(PipelineInfrastructure infrastructure, String kind, Double min, Double max) {
        return JdbcClient.create(infrastructure.dataSource())
                .sql("INSERT INTO feedback_type (project_id, name, kind, min_value, max_value) VALUES (?, ?, ?, ?, ?)"
                        + " RETURNING id")
                .param(projectId)
                .param(kind.toLowerCase() + "-" + UUID.randomUUID())
                .param(kind)
                .param(min)
                .param(max)
                .query(Integer.class)
                .single();
    }

    public void revokeKey(PipelineInfrastructure infrastructure) {
        JdbcClient.create(infrastructure.dataSource())
                .sql("UPDATE api_key SET revoked_at = now() WHERE id = ?")
                .param(apiKeyId)
                .update();
    }
}
