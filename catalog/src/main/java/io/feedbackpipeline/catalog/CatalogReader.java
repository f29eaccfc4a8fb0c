package io.feedbackpipeline.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Plain-JDBC lookups of catalog entries; callers cache as their freshness needs allow. */
public final class CatalogReader {

    private final DataSource dataSource;

    public CatalogReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    static final String FEEDBACK_TYPE_COLUMNS = "id, project_id, name, kind, min_value, max_value";

    public Optional<FeedbackType> feedbackType(int id) {
        return queryOne(
                "SELECT " + FEEDBACK_TYPE_COLUMNS + " FROM feedback_type WHERE id = ?",
                id,
                CatalogReader::feedbackType);
    }

    /** The built-in types and the project's own, by id. */
    public List<FeedbackType> feedbackTypesVisibleTo(UUID project) {
        return queryAll(
                "SELECT " + FEEDBACK_TYPE_COLUMNS
                        + " FROM feedback_type WHERE project_id IS NULL OR project_id = ? ORDER BY id",
                project,
                CatalogReader::feedbackType);
    }

    /** A project as operators list it. */
    public record ProjectEntry(UUID id, String name, Instant createdAt) {}

    /** An endpoint of a project. */
    public record EndpointEntry(UUID id, String name, Instant createdAt) {}

    /** An API key as operators see it: never the key itself. */
    public record ApiKeyEntry(
            UUID id,
            String prefix,
            String name,
            Set<ApiKeyScope> scopes,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt) {}

    /**
     * One change to the catalog, as the catalog audit recorded it.
     *
     * @param projectId the project it belongs to; null for a built-in feedback type
     * @param subject the id of what changed: a key, project or endpoint uuid, or a feedback type's number
     */
    public record AuditEntry(
            Instant occurredAt, String actor, String action, UUID projectId, String subject, String detail) {}

    /** The catalog audit, oldest first; of one project, or of all when {@code project} is null. */
    public List<AuditEntry> audit(UUID project) {
        return queryAll(
                "SELECT occurred_at, actor, action, project_id, subject, detail FROM catalog_audit"
                        + (project == null ? "" : " WHERE project_id = ?") + " ORDER BY occurred_at, id",
                project,
                row -> new AuditEntry(
                        instant(row, 1),
                        row.getString(2),
                        row.getString(3),
                        row.getObject(4, UUID.class),
                        row.getString(5),
                        row.getString(6)));
    }

    public List<ProjectEntry> projects() {
        return queryAll(
                "SELECT id, name, created_at FROM project ORDER BY created_at, id",
                null,
                row -> new ProjectEntry(row.getObject(1, UUID.class), row.getString(2), instant(row, 3)));
    }

    public List<EndpointEntry> endpoints(UUID project) {
        return queryAll(
                "SELECT id, name, created_at FROM endpoint WHERE project_id = ? ORDER BY created_at, id",
                project,
                row -> new EndpointEntry(row.getObject(1, UUID.class), row.getString(2), instant(row, 3)));
    }

    public List<ApiKeyEntry> apiKeys(UUID project) {
        return queryAll(
                "SELECT id, key_prefix, name, scopes, created_at, expires_at, revoked_at FROM api_key"
                        + " WHERE project_id = ? ORDER BY created_at, id",
                project,
                row -> new ApiKeyEntry(
                        row.getObject(1, UUID.class),
                        row.getString(2),
                        row.getString(3),
                        ApiKeyScope.parseAll(row.getArray(4)),
                        instant(row, 5),
                        instant(row, 6),
                        instant(row, 7)));
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        Timestamp timestamp = row.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private <T> List<T> queryAll(String sql, Object parameter, RowMapper<T> mapper) {
        List<T> results = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setObject(1, parameter);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    results.add(mapper.map(rows));
                }
            }
        } catch (SQLException e) {
            throw new CatalogException("catalog lookup failed: " + e.getMessage(), e);
        }
        return results;
    }

    static FeedbackType feedbackType(ResultSet row) throws SQLException {
        return new FeedbackType(
                row.getInt("id"),
                row.getObject("project_id", UUID.class),
                row.getString("name"),
                FeedbackKind.valueOf(row.getString("kind")),
                row.getObject("min_value", Double.class),
                row.getObject("max_value", Double.class));
    }

    public boolean projectExists(UUID project) {
        return queryOne("SELECT 1 FROM project WHERE id = ?", project, row -> true)
                .isPresent();
    }

    public boolean apiKeyExists(UUID keyId) {
        return queryOne("SELECT 1 FROM api_key WHERE id = ?", keyId, row -> true)
                .isPresent();
    }

    /** The web origins a project's pages may send feedback from, in the order they were allowed. */
    public List<WebOrigin> origins(UUID project) {
        return queryAll(
                "SELECT origin FROM project_origin WHERE project_id = ? ORDER BY added_at, origin",
                project,
                row -> new WebOrigin(row.getString(1)));
    }

    /** Every project's allowed origins, as the gateway caches them. */
    public Map<UUID, Set<WebOrigin>> allOrigins() {
        return queryAll(
                        "SELECT project_id, origin FROM project_origin",
                        null,
                        row -> Map.entry(row.getObject(1, UUID.class), new WebOrigin(row.getString(2))))
                .stream()
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toSet())));
    }

    /** The project an endpoint belongs to, if the endpoint exists. */
    public Optional<UUID> projectOfEndpoint(UUID endpoint) {
        return queryOne("SELECT project_id FROM endpoint WHERE id = ?", endpoint, row -> row.getObject(1, UUID.class));
    }

    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private <T> Optional<T> queryOne(String sql, Object parameter, RowMapper<T> mapper) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new CatalogException("catalog lookup failed: " + e.getMessage(), e);
        }
    }
}
