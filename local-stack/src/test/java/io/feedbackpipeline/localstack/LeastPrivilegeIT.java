package io.feedbackpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The services connect as roles that may read and write the rows they need and nothing else: no DDL, no writes
 * outside their job. Only the owner role, which runs the migrations, owns and alters tables.
 */
@WithPipelineInfrastructure
class LeastPrivilegeIT {

    @Test
    @DisplayName("the processor's role writes the projection and reads the catalog, and can alter nothing")
    void processorRole(PipelineInfrastructure infrastructure) throws SQLException {
        try (HikariDataSource processor =
                infrastructure.postgres().newDataSource("processor", PostgresServer.PROCESSOR)) {
            allowed(processor, "SELECT count(*) FROM completion_feedback");
            allowed(processor, "SELECT count(*) FROM feedback_type");
            refused(processor, "ALTER TABLE completion_feedback ADD COLUMN intruder int");
            refused(processor, "CREATE TABLE intruder (id int)");
            refused(processor, "DELETE FROM completion_feedback");
            refused(processor, "TRUNCATE completion_log");
            refused(processor, "SELECT count(*) FROM api_key");
            refused(processor, "SELECT count(*) FROM catalog_audit");
            refused(processor, "SELECT record_key_expiries()");
            refused(processor, "INSERT INTO feedback_type (name, kind) VALUES ('intruder', 'TEXT')");
        }
    }

    @Test
    @DisplayName("the gateway's role reads keys and the projection, and cannot write the projection, keys or the audit")
    void gatewayRole(PipelineInfrastructure infrastructure) throws SQLException {
        try (HikariDataSource gateway = infrastructure.postgres().newDataSource("gateway", PostgresServer.GATEWAY)) {
            allowed(gateway, "SELECT count(*) FROM api_key");
            allowed(gateway, "SELECT count(*) FROM completion_log");
            refused(gateway, "UPDATE completion_feedback SET flag = true");
            refused(gateway, "UPDATE api_key SET revoked_at = NULL");
            refused(gateway, "DROP TABLE idempotency_key");
            refused(gateway, "ALTER TABLE api_key DISABLE ROW LEVEL SECURITY");
            refused(gateway, "SELECT count(*) FROM catalog_audit");
            refused(
                    gateway,
                    "INSERT INTO catalog_audit (actor, action, project_id, subject) SELECT 'x', 'key-issued',"
                            + " project_id, id::text FROM api_key LIMIT 1");
            refused(gateway, "DELETE FROM catalog_audit");
            refused(gateway, "ALTER TABLE feedback_type DISABLE TRIGGER feedback_type_audited");
            // it may record what time did (keys that expired), through the one function that does only that
            allowed(gateway, "SELECT record_key_expiries()");
        }
    }

    @Test
    @DisplayName("the gateway may not create a temporary table; the processor may, to stage the rows it copies")
    void temporaryTables(PipelineInfrastructure infrastructure) throws SQLException {
        try (HikariDataSource gateway = infrastructure.postgres().newDataSource("temp", PostgresServer.GATEWAY)) {
            refused(gateway, "CREATE TEMP TABLE catalog_audit (id bigint)");
        }
        try (HikariDataSource processor = infrastructure.postgres().newDataSource("temp", PostgresServer.PROCESSOR)) {
            allowed(processor, "CREATE TEMP TABLE staged_rows (id bigint)");
        }
    }

    /**
     * The attack a temporary table allows on the one SECURITY DEFINER function the processor may call: were its names
     * resolved with pg_temp first, a temporary event_receipt would decide which ctids the prune deletes, or receive
     * the deletes. Made as the processor: the function reads and prunes the real table only.
     */
    @Test
    @DisplayName("a temporary event_receipt, made by the processor, does not redirect prune_event_receipts()")
    void temporaryReceiptsDoNotRedirectThePrune(PipelineInfrastructure infrastructure) throws SQLException {
        UUID young = UUID.randomUUID();
        try (Connection owner = infrastructure.dataSource().getConnection();
                Statement sql = owner.createStatement()) {
            sql.execute("INSERT INTO event_receipt (event_id, project_id, outcome, items, source_topic,"
                    + " source_partition, source_offset) VALUES ('" + young + "', gen_random_uuid(), 'projected', 1,"
                    + " 'feedback.v1', 0, 0)");
        }
        try (HikariDataSource processor = infrastructure.postgres().newDataSource("prune", PostgresServer.PROCESSOR);
                Connection session = processor.getConnection();
                Statement sql = session.createStatement()) {
            sql.execute("CREATE TEMP TABLE event_receipt (LIKE public.event_receipt INCLUDING ALL)");
            sql.execute("INSERT INTO pg_temp.event_receipt SELECT * FROM public.event_receipt");
            sql.execute("UPDATE pg_temp.event_receipt SET decided_at = now() - interval '30 days'");
            sql.execute("SELECT prune_event_receipts(interval '1 hour', 100000)");
            try (ResultSet shadow = sql.executeQuery("SELECT count(*) FROM pg_temp.event_receipt")) {
                shadow.next();
                assertThat(shadow.getLong(1))
                        .as("rows left in the temporary table")
                        .isPositive();
            }
        }
        assertThat(count(infrastructure, "SELECT count(*) FROM event_receipt WHERE event_id = '" + young + "'"))
                .as("the receipt decided just now")
                .isEqualTo(1);
    }

    /**
     * Issue 19 item 5, as it was tried: a temporary catalog_audit made the audit trigger (SECURITY DEFINER, its
     * search_path captured at creation, pg_temp searched first) write into the session's own table. The owner may
     * still create temporary tables, so the attack is made as the owner: the real audit must get the row anyway.
     */
    @Test
    @DisplayName("a temporary catalog_audit does not capture the audit of a catalog change")
    void temporaryAuditIsNotWrittenTo(PipelineInfrastructure infrastructure) throws SQLException {
        String name = "shadowed-" + UUID.randomUUID();
        try (Connection session = infrastructure.dataSource().getConnection();
                Statement sql = session.createStatement()) {
            sql.execute("CREATE TEMP TABLE catalog_audit (LIKE public.catalog_audit INCLUDING ALL)");
            try {
                sql.execute("INSERT INTO feedback_type (name, kind) VALUES ('" + name + "', 'TEXT')");
                try (ResultSet shadow = sql.executeQuery("SELECT count(*) FROM pg_temp.catalog_audit")) {
                    shadow.next();
                    assertThat(shadow.getLong(1))
                            .as("rows in the temporary table")
                            .isZero();
                }
            } finally {
                sql.execute("DROP TABLE pg_temp.catalog_audit");
            }
        }
        assertThat(count(infrastructure, "SELECT count(*) FROM catalog_audit WHERE detail LIKE 'name=" + name + "%'"))
                .isEqualTo(1);
    }

    @Test
    @DisplayName("a temporary api_key cannot make record_key_expiries() record a key that has not expired")
    void temporaryKeysForgeNoExpiry(PipelineInfrastructure infrastructure) throws SQLException {
        CatalogAdmin catalog = new CatalogAdmin(infrastructure.dataSource());
        UUID project = catalog.createProject("forged-expiry").id();
        UUID key = catalog.issueApiKey(project, "not expired").id();
        try (Connection session = infrastructure.dataSource().getConnection();
                Statement sql = session.createStatement()) {
            sql.execute("CREATE TEMP TABLE api_key AS SELECT * FROM public.api_key WHERE id = '" + key + "'");
            try {
                sql.execute("UPDATE pg_temp.api_key SET expires_at = now() - interval '1 day'");
                sql.execute("SELECT record_key_expiries()");
            } finally {
                sql.execute("DROP TABLE pg_temp.api_key");
            }
        }
        assertThat(count(
                        infrastructure,
                        "SELECT count(*) FROM catalog_audit WHERE action = 'key-expired' AND api_key_id = '" + key
                                + "'"))
                .isZero();
    }

    @Test
    @DisplayName(
            "the gateway prunes Idempotency-Keys only through its function: old ones, in bounded steps, never DELETE")
    void idempotencyKeysArePrunedWithoutDeletePrivilege(PipelineInfrastructure infrastructure) throws SQLException {
        CatalogAdmin catalog = new CatalogAdmin(infrastructure.dataSource());
        UUID project = catalog.createProject("pruned").id();
        UUID key = catalog.issueApiKey(project, "pruning").id();
        try (Connection owner = infrastructure.dataSource().getConnection();
                Statement sql = owner.createStatement()) {
            sql.execute("INSERT INTO idempotency_key (api_key_id, project_id, key, request_hash, event_id,"
                    + " received_at, created_at) SELECT '" + key + "'::uuid, '" + project + "'::uuid, 'old-' || n,"
                    + " decode(repeat('ab', 32), 'hex'), gen_random_uuid(), now(), now() - interval '2 days'"
                    + " FROM generate_series(1, 5) n UNION ALL SELECT '" + key + "'::uuid, '" + project
                    + "'::uuid, 'recent-' || n,"
                    + " decode(repeat('ab', 32), 'hex'), gen_random_uuid(), now(), now() - interval '30 minutes'"
                    + " FROM generate_series(1, 3) n");
        }
        try (HikariDataSource gateway = infrastructure.postgres().newDataSource("gateway", PostgresServer.GATEWAY)) {
            refused(gateway, "DELETE FROM idempotency_key");
            assertThat(prune(gateway, "1 day", 3)).isEqualTo(3);
            assertThat(prune(gateway, "0 seconds", 100))
                    .as("the rest of the old ones; nothing younger than an hour, whatever is asked")
                    .isEqualTo(2);
        }
        assertThat(count(infrastructure, "SELECT count(*) FROM idempotency_key WHERE api_key_id = '" + key + "'"))
                .isEqualTo(3);
    }

    private static int prune(HikariDataSource dataSource, String olderThan, int maxRows) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement();
                ResultSet pruned = sql.executeQuery(
                        "SELECT prune_idempotency_keys('" + olderThan + "'::interval, " + maxRows + ")")) {
            pruned.next();
            return pruned.getInt(1);
        }
    }

    private static long count(PipelineInfrastructure infrastructure, String query) throws SQLException {
        try (Connection connection = infrastructure.dataSource().getConnection();
                Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void allowed(HikariDataSource dataSource, String statement) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }

    private static void refused(HikariDataSource dataSource, String statement) {
        assertThatThrownBy(() -> allowed(dataSource, statement))
                .as(statement)
                .isInstanceOfSatisfying(
                        SQLException.class,
                        e -> assertThat(e.getSQLState())
                                .as("insufficient_privilege or must-be-owner for: " + statement)
                                .isEqualTo("42501"));
    }
}
