package io.feedbackpipeline.localstack.stack;

import io.feedbackpipeline.catalog.ApiKeySecret;
import io.feedbackpipeline.catalog.CatalogAdmin;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The demo project, endpoint and API key of the local stack. The key is shown once by design, so the stack keeps
 * it in {@code .local/stack.env} and reuses the same tenant on every restart while it is still valid.
 */
record DemoTenant(UUID projectId, UUID endpointId, String apiKey) {

    static DemoTenant ensure(DataSource dataSource, Map<String, String> previous) {
        return reuse(dataSource, previous).orElseGet(() -> create(dataSource));
    }

    private static Optional<DemoTenant> reuse(DataSource dataSource, Map<String, String> previous) {
        try {
            UUID project = UUID.fromString(previous.getOrDefault("PROJECT_ID", ""));
            UUID endpoint = UUID.fromString(previous.getOrDefault("ENDPOINT_ID", ""));
            ApiKeySecret key = new ApiKeySecret(previous.getOrDefault("API_KEY", ""));
            return stillValid(dataSource, project, endpoint, key)
                    ? Optional.of(new DemoTenant(project, endpoint, key.value()))
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static DemoTenant create(DataSource dataSource) {
        CatalogAdmin catalog = new CatalogAdmin(dataSource);
        CatalogAdmin.Project project = catalog.createProject("demo");
        CatalogAdmin.Endpoint endpoint = catalog.createEndpoint(project.id(), "demo-endpoint");
        CatalogAdmin.IssuedApiKey key = catalog.issueApiKey(project.id(), "local-stack demo key");
        return new DemoTenant(project.id(), endpoint.id(), key.secret().value());
    }

    private static boolean stillValid(DataSource dataSource, UUID project, UUID endpoint, ApiKeySecret key) {
        String sql = """
                SELECT 1 FROM api_key k JOIN endpoint e ON e.project_id = k.project_id
                 WHERE k.key_hash = ? AND k.revoked_at IS NULL AND k.project_id = ? AND e.id = ?""";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setBytes(1, key.sha256());
            statement.setObject(2, project);
            statement.setObject(3, endpoint);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new StackException("cannot check the demo tenant: " + e.getMessage(), e);
        }
    }
}
