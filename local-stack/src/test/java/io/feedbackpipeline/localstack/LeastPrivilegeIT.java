package io.feedbackpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
