package io.feedbackpipeline.projection.rebuild;

import static io.feedbackpipeline.catalog.ProjectionTables.LIVE;
import static io.feedbackpipeline.catalog.ProjectionTables.RETIRED;
import static io.feedbackpipeline.catalog.ProjectionTables.SHADOW;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * A rebuild's tables: created empty beside the live ones, filled by a projection on the shadow tables, then swapped
 * in atomically. Readers and the live processor see the complete old tables until the swap commits and the complete
 * new ones after it, never a half-built state. Needs the role that owns the tables.
 */
public final class ShadowTables {

    /** A live table and the foreign keys the swap gives its replacement. */
    private record ForeignKey(String table, String name, String definition) {}

    private static final List<ForeignKey> FOREIGN_KEYS = List.of(
            new ForeignKey(
                    LIVE.feedback(),
                    LIVE.feedback() + "_project_id_fkey",
                    "FOREIGN KEY (project_id) REFERENCES project (id)"),
            new ForeignKey(
                    LIVE.feedback(),
                    LIVE.feedback() + "_feedback_type_id_fkey",
                    "FOREIGN KEY (feedback_type_id) REFERENCES feedback_type (id)"),
            new ForeignKey(
                    LIVE.log(), LIVE.log() + "_project_id_fkey", "FOREIGN KEY (project_id) REFERENCES project (id)"));

    private final DataSource dataSource;
    private final Duration lockTimeout;

    /** @param lockTimeout the longest the swap waits for the live tables before it gives up and is retried */
    public ShadowTables(DataSource dataSource, Duration lockTimeout) {
        this.dataSource = dataSource;
        this.lockTimeout = lockTimeout;
    }

    /**
     * Finishes what a crashed rebuild left behind: after a committed swap, drops the retired tables and gives the new
     * live tables their index names and foreign keys. Idempotent; a no-op when nothing is left over.
     */
    public void finishEarlierSwap() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            sql.execute("DROP TABLE IF EXISTS " + RETIRED.feedback() + ", " + RETIRED.log());
            for (String table : List.of(LIVE.feedback(), LIVE.log())) {
                sql.execute(renameRebuildIndexes(table));
            }
            for (ForeignKey key : FOREIGN_KEYS) {
                if (!constraintExists(connection, key.name())) {
                    sql.execute("ALTER TABLE " + key.table() + " ADD CONSTRAINT " + key.name() + " " + key.definition()
                            + " NOT VALID");
                }
            }
            connection.commit();
            connection.setAutoCommit(true);
            for (ForeignKey key : FOREIGN_KEYS) {
                sql.execute("ALTER TABLE " + key.table() + " VALIDATE CONSTRAINT " + key.name());
            }
        }
    }

    /**
     * Empty shadow tables with the live tables' columns, defaults, checks, indexes and grants. Shadow tables of a
     * crashed rebuild are dropped first (the rebuild lock guarantees they are nobody's).
     */
    public void create() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            sql.execute("DROP TABLE IF EXISTS " + SHADOW.feedback() + ", " + SHADOW.log());
            sql.execute("CREATE TABLE " + SHADOW.feedback() + " (LIKE " + LIVE.feedback() + " INCLUDING ALL)");
            sql.execute("CREATE TABLE " + SHADOW.log() + " (LIKE " + LIVE.log() + " INCLUDING ALL)");
            sql.execute(copyGrants(LIVE.feedback(), SHADOW.feedback()));
            sql.execute(copyGrants(LIVE.log(), SHADOW.log()));
            connection.commit();
        }
    }

    public void drop() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute("DROP TABLE IF EXISTS " + SHADOW.feedback() + ", " + SHADOW.log());
        }
    }

    /**
     * Tries to swap the shadow tables in. Inside the swap transaction the live tables are locked first, waiting at
     * most the lock timeout (so readers never queue long behind the swap); the live processor's open transaction
     * then has finished and no new one starts. {@code finalCatchUp} projects whatever the topics hold now into the
     * shadow tables (the live processor cannot have consumed anything beyond that) and says whether it reached the
     * end; only then do the renames commit with it.
     *
     * @return true when swapped; false when the lock was not granted in time or the catch-up did not reach the end,
     *     in which case nothing changed and the caller may catch up again and retry
     */
    public boolean trySwap(BooleanSupplier finalCatchUp) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                sql.execute("SET LOCAL lock_timeout = " + lockTimeout.toMillis());
                sql.execute("LOCK TABLE " + LIVE.feedback() + ", " + LIVE.log() + " IN ACCESS EXCLUSIVE MODE");
            } catch (SQLException e) {
                connection.rollback();
                if ("55P03".equals(e.getSQLState())) {
                    return false; // lock_not_available: someone held the tables; retry after another catch-up
                }
                throw e;
            }
            if (!finalCatchUp.getAsBoolean()) {
                connection.rollback();
                return false;
            }
            sql.execute("ALTER TABLE " + LIVE.feedback() + " RENAME TO " + RETIRED.feedback());
            sql.execute("ALTER TABLE " + LIVE.log() + " RENAME TO " + RETIRED.log());
            sql.execute("ALTER TABLE " + SHADOW.feedback() + " RENAME TO " + LIVE.feedback());
            sql.execute("ALTER TABLE " + SHADOW.log() + " RENAME TO " + LIVE.log());
            connection.commit();
        }
        // A statement planned on a retired table before the swap may still finish there; its records were part of
        // the final catch-up, so the retired tables can go once it is done (DROP waits for it).
        finishEarlierSwap();
        return true;
    }

    /** After a swap, the new live table's indexes still carry the shadow table's name. */
    private static String renameRebuildIndexes(String liveTable) {
        return """
                DO $$
                DECLARE index_name text;
                BEGIN
                  FOR index_name IN SELECT indexname FROM pg_indexes
                                     WHERE schemaname = current_schema() AND tablename = '%s'
                                       AND indexname LIKE '%%\\_rebuild\\_%%'
                  LOOP
                    EXECUTE format('ALTER INDEX %%I RENAME TO %%I', index_name,
                                   replace(index_name, '_rebuild_', '_'));
                  END LOOP;
                END $$""".formatted(liveTable);
    }

    /** Service roles may read and write the live tables; the shadow tables that replace them must allow the same. */
    private static String copyGrants(String from, String to) {
        return """
                DO $$
                DECLARE g record;
                BEGIN
                  FOR g IN SELECT grantee, privilege_type FROM information_schema.role_table_grants
                            WHERE table_schema = current_schema() AND table_name = '%s' AND grantee <> current_user
                  LOOP
                    EXECUTE format('GRANT %%s ON %%I TO %%s', g.privilege_type, '%s',
                                   CASE WHEN g.grantee = 'PUBLIC' THEN 'PUBLIC' ELSE quote_ident(g.grantee) END);
                  END LOOP;
                END $$""".formatted(from, to);
    }

    private static boolean constraintExists(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
                        + " WHERE c.conname = ? AND n.nspname = current_schema()")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }
}
