package io.feedbackpipeline.projection.rebuild;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Only one rebuild at a time: a second one would drop the first one's shadow tables. A session-level advisory lock
 * on a connection held for the whole rebuild; PostgreSQL releases it when that session ends, however it ends, so a
 * crashed rebuild never blocks the next one. Closing unlocks explicitly too, since a pooled connection's session
 * outlives its close.
 */
public final class RebuildLock implements AutoCloseable {

    /** An arbitrary, fixed advisory lock key for rebuilds of this database's projection. */
    static final long KEY = 0x6665_6564_6261_636BL; // "feedback"

    private final Connection session;

    private RebuildLock(Connection session) {
        this.session = session;
    }

    /** The lock, or empty when another rebuild holds it. */
    public static Optional<RebuildLock> tryAcquire(DataSource dataSource) throws SQLException {
        Connection session = dataSource.getConnection();
        try (PreparedStatement statement = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, KEY);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                if (row.getBoolean(1)) {
                    return Optional.of(new RebuildLock(session));
                }
            }
        } catch (SQLException | RuntimeException e) {
            session.close();
            throw e;
        }
        session.close();
        return Optional.empty();
    }

    @Override
    public void close() throws SQLException {
        try (session;
                PreparedStatement unlock = session.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, KEY);
            unlock.execute();
        }
    }
}
