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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * A rebuild's tables: created empty beside the live ones, filled by a projection on the shadow tables, then swapped
 * in atomically. Readers and the live processor see the complete old tables until the swap commits and the complete
 * new ones after it, never a half-built state; the swap hands the change stream every register it changes
 * ({@link SwapChanges}). Needs the role that owns the tables.
 */
public final class ShadowTables {

    /**
     * A committed swap.
     *
     * @param held how long the swap held the live tables, from its lock granted to its commit
     * @param retaken the registers whose change the swap took again under its lock, written since the last catch-up
     */
    public record Swapped(Duration held, long retaken) {}

    /**
     * The transactions holding a lock on a live table, by virtual transaction id (pg_locks is readable by every role,
     * unlike other roles' pg_stat_activity). Locks only autovacuum takes are left out: it yields to the swap's request.
     */
    private static final String LIVE_TABLE_HOLDERS = """
            SELECT DISTINCT l.virtualtransaction FROM pg_locks l
             WHERE l.granted AND l.locktype = 'relation' AND l.pid <> pg_backend_pid()
               AND l.mode <> 'ShareUpdateExclusiveLock'
               AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND l.relation IN (SELECT to_regclass(t) FROM unnest(?::text[]) AS t)""";

    private static final Duration HOLDER_POLL = Duration.ofMillis(100);

    /** A foreign key of a retired table, which the live table that replaced it must get. */
    private record ForeignKey(String name, String definition) {}

    private final DataSource dataSource;
    private final Duration lockTimeout;

    /** @param lockTimeout the longest the swap waits for the live tables before it gives up and is retried */
    public ShadowTables(DataSource dataSource, Duration lockTimeout) {
        this.dataSource = dataSource;
        this.lockTimeout = lockTimeout;
    }

    /**
     * Finishes a swap (after {@link #trySwap}, or what a crashed rebuild left behind): gives each new live table the
     * foreign keys of the table it replaced, read from the retired table itself, so a key a later migration added is
     * kept without this class knowing it; renames the new tables' indexes; drops the retired tables; validates the
     * enforced keys. Idempotent; a no-op when nothing is left over.
     */
    public void finishEarlierSwap() throws SQLException {
        List<String> live = LIVE.all();
        List<String> retired = RETIRED.all();
        List<String> added = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < live.size(); i++) {
                List<ForeignKey> keys = foreignKeys(connection, retired.get(i));
                sql.execute("DROP TABLE IF EXISTS " + retired.get(i));
                sql.execute(renameRebuildIndexes(live.get(i)));
                for (ForeignKey key : keys) {
                    if (!foreignKeys(connection, live.get(i)).contains(key)) {
                        sql.execute("ALTER TABLE " + live.get(i) + " ADD CONSTRAINT " + key.name() + " "
                                + key.definition() + " NOT VALID");
                    }
                }
                added.add(live.get(i));
            }
            connection.commit();
            connection.setAutoCommit(true);
            for (String table : added) {
                for (String key : unvalidatedForeignKeys(connection, table)) {
                    sql.execute("ALTER TABLE " + table + " VALIDATE CONSTRAINT " + key);
                }
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
            sql.execute("DROP TABLE IF EXISTS " + String.join(", ", SHADOW.all()));
            for (int i = 0; i < LIVE.all().size(); i++) {
                String live = LIVE.all().get(i);
                String shadow = SHADOW.all().get(i);
                sql.execute("CREATE TABLE " + shadow + " (LIKE " + live + " INCLUDING ALL)");
                sql.execute(copyGrants(live, shadow));
            }
            connection.commit();
        }
    }

    /** The transactions that hold a lock on a live table now. */
    public Set<String> liveTableHolders() throws SQLException {
        Set<String> holders = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(LIVE_TABLE_HOLDERS)) {
            query.setArray(1, connection.createArrayOf("text", LIVE.all().toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    holders.add(rows.getString(1));
                }
            }
        }
        return holders;
    }

    /**
     * Waits until none of {@code holders} holds a live table any more, or {@code patience} has passed, by polling
     * pg_locks: unlike a lock request, the wait queues nobody behind it. Returns whether they were gone in time.
     */
    public boolean awaitGone(Set<String> holders, Duration patience) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        Set<String> remaining = new HashSet<>(holders);
        while (true) {
            remaining.retainAll(liveTableHolders());
            if (remaining.isEmpty()) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(HOLDER_POLL.toMillis());
        }
    }

    public void drop() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute("DROP TABLE IF EXISTS " + String.join(", ", SHADOW.all()));
        }
    }

    /**
     * Tries to swap the shadow tables in. Inside the swap transaction the live tables are locked first, waiting at
     * most the lock timeout (so readers never queue long behind the swap); the live processor's open transaction
     * then has finished and no new one starts. {@code finalCatchUp} projects whatever the topics hold now into the
     * shadow tables (the live processor cannot have consumed anything beyond that) and says whether it reached the
     * end; only then do {@code changes}, brought up to date, and the renames commit with it.
     *
     * @return the swap; empty when the lock was not granted in time or the catch-up did not reach the end, in which
     *     case nothing changed and the caller may catch up again and retry
     */
    Optional<Swapped> trySwap(SwapChanges changes, BooleanSupplier finalCatchUp) throws SQLException {
        long locked;
        long retaken;
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                sql.execute("SET LOCAL lock_timeout = " + lockTimeout.toMillis());
                sql.execute("LOCK TABLE " + String.join(", ", LIVE.all()) + " IN ACCESS EXCLUSIVE MODE");
                sql.execute(SwapChanges.lockForAttach());
            } catch (SQLException e) {
                connection.rollback();
                if ("55P03".equals(e.getSQLState())) {
                    return Optional.empty(); // lock_not_available: someone held the tables; retry after a catch-up
                }
                throw e;
            }
            locked = System.nanoTime();
            if (!finalCatchUp.getAsBoolean()) {
                connection.rollback();
                return Optional.empty();
            }
            retaken = changes.attach(connection);
            for (int i = 0; i < LIVE.all().size(); i++) {
                sql.execute("ALTER TABLE " + LIVE.all().get(i) + " RENAME TO "
                        + RETIRED.all().get(i));
                sql.execute("ALTER TABLE " + SHADOW.all().get(i) + " RENAME TO "
                        + LIVE.all().get(i));
            }
            connection.commit();
        }
        Duration held = Duration.ofNanos(System.nanoTime() - locked);
        // A statement planned on a retired table before the swap may still finish there; its records were part of
        // the final catch-up, so the retired tables can go once it is done (DROP waits for it).
        finishEarlierSwap();
        return Optional.of(new Swapped(held, retaken));
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

    /** The foreign keys of a table, as {@code pg_get_constraintdef} states them; none when it does not exist. */
    private static List<ForeignKey> foreignKeys(Connection connection, String table) throws SQLException {
        List<ForeignKey> keys = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT c.conname, pg_get_constraintdef(c.oid)
                  FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                  JOIN pg_namespace n ON n.oid = t.relnamespace
                 WHERE c.contype = 'f' AND t.relname = ? AND n.nspname = current_schema()
                 ORDER BY c.conname""")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    keys.add(new ForeignKey(rows.getString(1), rows.getString(2).replace(" NOT VALID", "")));
                }
            }
        }
        return keys;
    }

    /**
     * The enforced foreign keys added NOT VALID: a key that is not enforced (V18) is never validated, PostgreSQL
     * refuses to, and it is not checked against the rows anyway.
     */
    private static List<String> unvalidatedForeignKeys(Connection connection, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT c.conname
                  FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                  JOIN pg_namespace n ON n.oid = t.relnamespace
                 WHERE c.contype = 'f' AND c.conenforced AND NOT c.convalidated
                   AND t.relname = ? AND n.nspname = current_schema()""")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }
}
