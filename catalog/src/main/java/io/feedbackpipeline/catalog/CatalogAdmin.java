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

    /** Changes recorded in the catalog audit as made by the operating-system user of this process. */
    public CatalogAdmin(DataSource dataSource) {
        this(dataSource, System.getProperty("user.name", "unknown"));
    }

    /** @param actor who is making the changes, as the catalog audit records it (the database role is added) */
    public CatalogAdmin(DataSource dataSource, String actor) {
        this.dataSource = dataSource;
        this.actor = actor;
    }

    public Project createProject(String name) {
        requireName("name", name, FeedbackRules.NAME_MAX_LENGTH);
        UUID id = UUID.randomUUID();
        update("INSERT INTO project (id, name) VALUES (?, ?)", id, name);
        return new Project(id, name);
    }

    public Endpoint createEndpoint(UUID projectId, String name) {
        requireName("name", name, FeedbackRules.NAME_MAX_LENGTH);
        UUID id = UUID.randomUUID();
        update("INSERT INTO endpoint (id, project_id, name) VALUES (?, ?, ?)", id, projectId, name);
        return new Endpoint(id, projectId, name);
    }

    /**
     * Lets the project's pages on {@code origin} send feedback from a browser (with feedback tokens); false when it
     * already could. The catalog audit records the change.
     */
    public boolean allowOrigin(UUID projectId, WebOrigin origin) {
        return update(
                        "INSERT INTO project_origin (project_id, origin) VALUES (?, ?) ON CONFLICT DO NOTHING",
                        projectId,
                        origin.value())
                == 1;
    }

    /** Stops the project's pages on {@code origin} sending feedback; false when they could not. Audited. */
    public boolean removeOrigin(UUID projectId, WebOrigin origin) {
        return update("DELETE FROM project_origin WHERE project_id = ? AND origin = ?", projectId, origin.value()) == 1;
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
        if (!name.isEmpty()) {
            requireName("name", name, FeedbackRules.NAME_MAX_LENGTH);
        }
        UUID id = UUID.randomUUID();
        ApiKeySecret secret = ApiKeySecret.generate(random);
        update(
                """
                INSERT INTO api_key (id, project_id, key_hash, key_prefix, name, checksummed, scopes, expires_at)
                VALUES (?, ?, ?, ?, ?, true, ?, ?)""",
                id,
                projectId,
                secret.sha256(),
                secret.prefix(),
                name,
                ApiKeyScope.wireNames(scopes),
                expiresAt == null ? null : OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
        return new IssuedApiKey(id, projectId, secret.prefix(), secret);
    }

    private static void requireName(String field, String name, int maxLength) {
        FeedbackRules.checkName(field, name, maxLength).stream().findFirst().ifPresent(problem -> {
            throw new IllegalArgumentException(problem.field() + " " + problem.reason());
        });
    }

    /** The outcome of a revocation. */
    public enum Revocation {
        REVOKED,
        ALREADY_REVOKED,
        NOT_FOUND
    }

    /** Revokes a key; gateways stop accepting it within their key-cache time (30 s by default). */
    public Revocation revokeApiKey(UUID keyId) {
        if (update("UPDATE api_key SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL", keyId) == 1) {
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
        requireName("name", name, FeedbackRules.TYPE_NAME_MAX_LENGTH);
        String sql = """
                INSERT INTO feedback_type (project_id, name, kind, min_value, max_value)
                SELECT ?::uuid, ?, ?, ?::float8, ?::float8
                 WHERE NOT EXISTS (SELECT 1 FROM feedback_type
                                    WHERE lower(name) = lower(?) AND (project_id IS NULL OR project_id = ?))
                ON CONFLICT DO NOTHING""" + " RETURNING " + CatalogReader.FEEDBACK_TYPE_COLUMNS;
        return inAuditedTransaction(connection -> {
            try (PreparedStatement statement =
                            prepare(connection, sql, projectId, name, kind.name(), min, max, name, projectId);
                    ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(CatalogReader.feedbackType(rows)) : Optional.empty();
            }
        });
    }

    /**
     * Records in the audit each key that has passed its expiry since the last call (at the moment it expired). Time
     * expires keys, not a statement, so someone has to notice: gateways call this on a timer, feedbackctl before it
     * shows the audit.
     *
     * @return how many expiries were recorded now
     */
    public int recordKeyExpiries() {
        return inAuditedTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT record_key_expiries()");
                    ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    private int update(String sql, Object... parameters) {
        return inAuditedTransaction(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, parameters)) {
                return statement.executeUpdate();
            }
        });
    }

    private interface Work<T> {
        T in(Connection connection) throws SQLException;
    }

    /**
     * Runs the work in a transaction that names this admin's actor to the audit triggers (V8): the setting is
     * transaction-local, so a pooled connection does not carry it to the next user.
     */
    private <T> T inAuditedTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement naming =
                        prepare(connection, "SELECT set_config('feedbackpipeline.actor', ?, true)", actor)) {
                    naming.execute();
                }
                T result = work.in(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new CatalogException("catalog update failed: " + e.getMessage(), e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}
