package io.feedbackpipeline.catalog;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/** Creates the catalog entries that operators manage: projects, endpoints and API keys. */
public final class CatalogAdmin {

    public record Project(UUID id, String name) {}

    public record Endpoint(UUID id, UUID projectId, String name) {}

    /** The only moment the secret is known in clear: it must be shown to the user once and then forgotten. */
    public record IssuedApiKey(UUID id, UUID projectId, String prefix, ApiKeySecret secret) {}

    private final DataSource dataSource;
    private final String actor;
    private final SecureRandom random = new SecureRandom();

    /** Changes recorded in the key audit as made by the operating-system user of this process. */
    public CatalogAdmin(DataSource dataSource) {
        this(dataSource, System.getProperty("user.name", "unknown"));
    }

    /** @param actor who is making the changes, as the key audit records it (the database role is added) */
    public CatalogAdmin(DataSource dataSource, String actor) {
        this.dataSource = dataSource;
        this.actor = actor;
    }

    public Project createProject(String name) {
        UUID id = UUID.randomUUID();
        update("INSERT INTO project (id, name) VALUES (?, ?)", id, name);
        return new Project(id, name);
    }

    public Endpoint createEndpoint(UUID projectId, String name) {
        UUID id = UUID.randomUUID();
        update("INSERT INTO endpoint (id, project_id, name) VALUES (?, ?, ?)", id, projectId, name);
        return new Endpoint(id, projectId, name);
    }

    /** A key that may do everything in its project, as keys did before scopes (the demo tenant, test fixtures). */
    public IssuedApiKey issueApiKey(UUID projectId, String name) {
        return issueApiKey(projectId, name, ApiKeyScope.ALL, null);
    }

    /**
     * @param scopes what the key may do; at least one
     * @param expiresAt when it stops working by itself; null for never
     */
    public IssuedApiKey issueApiKey(UUID projectId, String name, Set<ApiKeyScope> scopes, Instant expiresAt) {
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("a key needs at least one scope");
        }
        UUID id = UUID.randomUUID();
        ApiKeySecret secret = ApiKeySecret.generate(random);
        String detail = "prefix=" + secret.prefix() + " name=" + name + " scopes="
                + String.join(",", ApiKeyScope.wireNames(scopes))
                + (expiresAt == null ? "" : " expires_at=" + expiresAt);
        update(
                """
                WITH issued AS (
                    INSERT INTO api_key (id, project_id, key_hash, key_prefix, name, checksummed, scopes, expires_at)
                    VALUES (?, ?, ?, ?, ?, true, ?, ?) RETURNING id, project_id)
                INSERT INTO key_audit (actor, action, project_id, api_key_id, detail)
                SELECT ? || ' (' || current_user || ')', 'key-issued', project_id, id, ? FROM issued""",
                id,
                projectId,
                secret.sha256(),
                secret.prefix(),
                name,
                ApiKeyScope.wireNames(scopes),
                expiresAt == null ? null : OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC),
                actor,
                detail);
        return new IssuedApiKey(id, projectId, secret.prefix(), secret);
    }

    /** The outcome of a revocation. */
    public enum Revocation {
        REVOKED,
        ALREADY_REVOKED,
        NOT_FOUND
    }

    /** Revokes a key; gateways stop accepting it within their key-cache time (30 s by default). */
    public Revocation revokeApiKey(UUID keyId) {
        String revoke = """
                WITH revoked AS (
                    UPDATE api_key SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL
                    RETURNING id, project_id, key_prefix)
                INSERT INTO key_audit (actor, action, project_id, api_key_id, detail)
                SELECT ? || ' (' || current_user || ')', 'key-revoked', project_id, id, 'prefix=' || key_prefix
                  FROM revoked""";
        if (update(revoke, keyId, actor) == 1) {
            return Revocation.REVOKED;
        }
        return new CatalogReader(dataSource).apiKeyExists(keyId) ? Revocation.ALREADY_REVOKED : Revocation.NOT_FOUND;
    }

    /**
     * A feedback type of the project; empty when the project already sees a type of that name (case-insensitive),
     * its own or a built-in one.
     */
    public Optional<FeedbackType> createFeedbackType(
            UUID projectId, String name, FeedbackKind kind, Double min, Double max) {
        String sql = """
                INSERT INTO feedback_type (project_id, name, kind, min_value, max_value)
                SELECT ?::uuid, ?, ?, ?::float8, ?::float8
                 WHERE NOT EXISTS (SELECT 1 FROM feedback_type
                                    WHERE lower(name) = lower(?) AND (project_id IS NULL OR project_id = ?))
                ON CONFLICT DO NOTHING""" + " RETURNING " + CatalogReader.FEEDBACK_TYPE_COLUMNS;
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            Object[] parameters = {projectId, name, kind.name(), min, max, name, projectId};
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(CatalogReader.feedbackType(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new CatalogException("catalog update failed: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new CatalogException("catalog update failed: " + e.getMessage(), e);
        }
    }
}
