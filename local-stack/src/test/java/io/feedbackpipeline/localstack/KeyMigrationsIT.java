package io.feedbackpipeline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.feedbackpipeline.catalog.CatalogMigrations;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keys issued before scopes and checksums keep working once the later migrations have run. */
@WithPipelineInfrastructure
class KeyMigrationsIT {

    @Test
    @DisplayName("a key issued before scopes and checksums gets every scope, no expiry, and is marked pre-checksum")
    void keysIssuedBeforeKeepWorking(PipelineInfrastructure infrastructure) throws SQLException {
        String database = "before_scopes_" + UUID.randomUUID().toString().replace("-", "");
        execute(infrastructure.postgres().superuser(), "CREATE DATABASE " + database + " OWNER feedback");
        String url = infrastructure.postgres().jdbcUrl().replaceFirst("/[^/]+$", "/" + database);
        try (HikariDataSource owner = pool(url)) {
            Flyway.configure()
                    .dataSource(owner)
                    .locations(CatalogMigrations.LOCATION)
                    .placeholders(CatalogMigrations.ServiceRoles.DEFAULT.placeholders())
                    .target("4")
                    .load()
                    .migrate();
            execute(owner, "INSERT INTO project (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'old')");
            execute(
                    owner,
                    "INSERT INTO api_key (id, project_id, key_hash, key_prefix) VALUES"
                            + " ('00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000001',"
                            + " decode(repeat('ab', 32), 'hex'), 'fpk_AAAAAAAA')");

            CatalogMigrations.migrate(owner, CatalogMigrations.ServiceRoles.DEFAULT);

            try (Connection connection = owner.getConnection();
                    Statement sql = connection.createStatement();
                    ResultSet key = sql.executeQuery("SELECT scopes, expires_at, checksummed FROM api_key")) {
                assertThat(key.next()).isTrue();
                Array scopes = key.getArray("scopes");
                assertThat((String[]) scopes.getArray()).containsExactlyInAnyOrder("ingest", "logs", "read", "admin");
                assertThat(key.getObject("expires_at")).isNull();
                assertThat(key.getBoolean("checksummed")).isFalse();
            }
        } finally {
            execute(infrastructure.postgres().superuser(), "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    @DisplayName("a key that could ingest before logs became a scope may still write logs; a read key may not")
    void ingestKeysKeepWritingLogs(PipelineInfrastructure infrastructure) throws SQLException {
        String database = "before_logs_" + UUID.randomUUID().toString().replace("-", "");
        execute(infrastructure.postgres().superuser(), "CREATE DATABASE " + database + " OWNER feedback");
        String url = infrastructure.postgres().jdbcUrl().replaceFirst("/[^/]+$", "/" + database);
        try (HikariDataSource owner = pool(url)) {
            Flyway.configure()
                    .dataSource(owner)
                    .locations(CatalogMigrations.LOCATION)
                    .placeholders(CatalogMigrations.ServiceRoles.DEFAULT.placeholders())
                    .target("8")
                    .load()
                    .migrate();
            execute(owner, "INSERT INTO project (id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'old')");
            execute(
                    owner,
                    "INSERT INTO api_key (id, project_id, key_hash, key_prefix, scopes, checksummed) VALUES"
                            + " ('00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000001',"
                            + " decode(repeat('ab', 32), 'hex'), 'fpk_AAAAAAAA', '{ingest}', true),"
                            + " ('00000000-0000-0000-0000-000000000003', '00000000-0000-0000-0000-000000000001',"
                            + " decode(repeat('cd', 32), 'hex'), 'fpk_BBBBBBBB', '{read}', true)");

            CatalogMigrations.migrate(owner, CatalogMigrations.ServiceRoles.DEFAULT);

            try (Connection connection = owner.getConnection();
                    Statement sql = connection.createStatement();
                    ResultSet keys = sql.executeQuery("SELECT scopes FROM api_key ORDER BY id")) {
                assertThat(keys.next()).isTrue();
                assertThat((String[]) keys.getArray("scopes").getArray()).containsExactlyInAnyOrder("ingest", "logs");
                assertThat(keys.next()).isTrue();
                assertThat((String[]) keys.getArray("scopes").getArray()).containsExactly("read");
            }
        } finally {
            execute(infrastructure.postgres().superuser(), "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    private static HikariDataSource pool(String url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("key-migrations");
        config.setJdbcUrl(url);
        config.setUsername(PostgresServer.OWNER.name());
        config.setPassword(PostgresServer.OWNER.password());
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    private static void execute(DataSource dataSource, String statement) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute(statement);
        }
    }
}
