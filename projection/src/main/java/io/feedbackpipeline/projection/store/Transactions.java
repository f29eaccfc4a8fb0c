package io.feedbackpipeline.projection.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Plain-JDBC transactions on a data source, with bounded waits: every transaction sets {@code lock_timeout} and
 * {@code statement_timeout}, so a held lock or a hung statement becomes an error (an outage, retried) instead of a
 * consumer that waits forever without saying so. It sets {@code work_mem} too, for the projection's statements.
 */
public final class Transactions {

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** How long a statement may wait for a lock, and run in all. */
    public record Timeouts(Duration lock, Duration statement) {
        public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60));
    }

    /**
     * The memory a sort or a materialized result of one statement may take before it spills to a temporary file. A
     * projection transaction holds up to 100,000 items, and its upsert keeps the rows it wrote for the statements
     * beside it (the rating projection, the rollup marks, the change batch, the receipts' counts) and sorts them:
     * ~20 MB at that size, which PostgreSQL's default of 4 MB wrote to disk and read back, ~3 µs of PostgreSQL's CPU
     * per Baseplate item (docs/benchmarks.md, "work_mem for the projection's transactions").
     */
    public static final long DEFAULT_WORK_MEM_KILOBYTES = 64 * 1024;

    private final DataSource dataSource;
    private final String setLimits;

    public Transactions(DataSource dataSource, Timeouts timeouts) {
        this(dataSource, timeouts, DEFAULT_WORK_MEM_KILOBYTES);
    }

    /** @param workMemKilobytes the transactions' {@code work_mem}, in kilobytes (PostgreSQL's unit for it) */
    public Transactions(DataSource dataSource, Timeouts timeouts, long workMemKilobytes) {
        if (workMemKilobytes < 64) {
            throw new IllegalArgumentException(
                    "work_mem must be at least 64 kB, PostgreSQL's minimum: " + workMemKilobytes);
        }
        this.dataSource = dataSource;
        this.setLimits = "SET LOCAL lock_timeout = %d; SET LOCAL statement_timeout = %d; SET LOCAL work_mem = %d"
                .formatted(timeouts.lock().toMillis(), timeouts.statement().toMillis(), workMemKilobytes);
    }

    /** Runs {@code work} in one transaction and commits; any failure rolls back and propagates unchanged. */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(setLimits);
                }
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** One column of a set-based statement, as a SQL array of {@code type}. */
    public static <W> Array column(Connection connection, String type, List<W> rows, Function<W, Object> value)
            throws SQLException {
        Object[] values = new Object[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = value.apply(rows.get(i));
        }
        return connection.createArrayOf(type, values);
    }

    public static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    /**
     * Runs a statement that either changes rows (its update count) or ends in {@code SELECT count(*)} of the rows a
     * data-modifying CTE wrote; returns how many rows were written either way.
     */
    public static int rowsWritten(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            if (!statement.execute()) {
                return statement.getUpdateCount();
            }
            try (var rows = statement.getResultSet()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            // The connection is likely gone; the original failure is what the caller must see.
            cause.addSuppressed(rollbackFailure);
        }
    }
}
