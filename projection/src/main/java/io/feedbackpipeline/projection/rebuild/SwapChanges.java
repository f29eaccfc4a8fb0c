package io.feedbackpipeline.projection.rebuild;

import static io.feedbackpipeline.catalog.ProjectionTables.LIVE;
import static io.feedbackpipeline.catalog.ProjectionTables.SHADOW;
import static io.feedbackpipeline.catalog.ProjectionTables.feedbackKey;

import io.feedbackpipeline.projection.store.ChangeOutbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The change stream's rows for what a rebuild's swap changes: every register the shadow table holds differently from
 * the live one, holds alone, or no longer holds. Taken <em>before</em> the swap, so that the swap holds the live tables
 * for as long as the registers written since take to compare, not two whole tables (77 s for 10 M differing registers
 * when the difference was taken under the lock).
 *
 * <p>The difference goes into a table of its own ({@value #PENDING}) that the relay does not read. Each {@link #catchUp}
 * takes it again for the registers either table wrote since the last one: a row version whose {@code xmin} is not
 * older than that snapshot's {@code xmin} (a few that were already visible then count too, which only costs a
 * comparison; the projection never deletes a register, so a write always leaves a row version). The last catch-up
 * runs in the swap's transaction, under its lock, and the table is then attached to the outbox as an inheritance
 * child: a catalog change, so its rows reach the relay (which reads the outbox and so its children, in id order, and
 * deletes through it) exactly when the swap commits, and never when the swap does not.
 */
final class SwapChanges {

    /** The difference of the rebuild in progress, not yet the relay's. */
    static final String PENDING = "feedback_change_outbox_rebuild";

    private static final String OUTBOX = ChangeOutbox.TABLE;

    /** An attached difference is renamed so the next rebuild can take its own while the relay drains this one. */
    private static final String SWAPPED_PREFIX = "feedback_change_outbox_swapped_";

    private static final String KEY = "project_id, usage_id, feedback_type_id";

    /** Its indexes' names, after the table's, so the next rebuild's pending table can have the same ones. */
    private static final String PRIMARY_KEY = "_pkey";

    private static final String REGISTER_KEY = "_register";

    /**
     * The outbox rows of the registers {@code {from}} names: one per register whose live and shadow rows differ, or
     * that only one of them holds. Ids come from the outbox's own sequence, so attached rows keep the outbox's order.
     */
    private static final String DIFFERENCE = """
            INSERT INTO %s (id, %s)
            SELECT nextval(pg_get_serial_sequence('%s', 'id')),
                   coalesce(n.project_id, o.project_id), coalesce(n.usage_id, o.usage_id),
                   coalesce(n.feedback_type_id, o.feedback_type_id),
                   o.usage_id IS NOT NULL, o.flag, o.value, o.comment, o.tag,
                   n.usage_id IS NOT NULL, n.flag, n.value, n.comment, n.tag,
                   coalesce(n.occurred_at, o.occurred_at), coalesce(n.event_id, o.event_id),
                   coalesce(n.item_index, o.item_index), 'rebuild'
              FROM {from}
             WHERE o.usage_id IS NULL OR n.usage_id IS NULL
                OR (o.flag, o.value, o.comment, o.tag) IS DISTINCT FROM (n.flag, n.value, n.comment, n.tag)""".formatted(PENDING, ChangeOutbox.COLUMNS, OUTBOX);

    /** Both whole tables: one hash join, outside any lock. */
    private static final String WHOLE = "%s o FULL JOIN %s n ON %s = %s"
            .formatted(LIVE.feedback(), SHADOW.feedback(), feedbackKey("n"), feedbackKey("o"));

    /** Only the registers written since the last snapshot, each looked up by its key in both tables. */
    private static final String WRITTEN_SINCE = "swap_written d LEFT JOIN %s o ON %s = %s LEFT JOIN %s n ON %s = %s"
            .formatted(
                    LIVE.feedback(),
                    feedbackKey("o"),
                    feedbackKey("d"),
                    SHADOW.feedback(),
                    feedbackKey("n"),
                    feedbackKey("d"));

    /**
     * The keys of the row versions written since {@code ?} (a {@code pg_snapshot}), in either table. {@code age} counts
     * back from this transaction's own xid, the same reference for the row's {@code xmin} and the snapshot's, so the
     * comparison holds across xid wraparound; a frozen or older row is never newer.
     */
    private static final String COLLECT_WRITTEN = """
            CREATE TEMPORARY TABLE swap_written ON COMMIT DROP AS
            SELECT %1$s FROM %2$s WHERE age(xmin) <= age(xid(pg_snapshot_xmin(?::pg_snapshot)))
             UNION
            SELECT %1$s FROM %3$s WHERE age(xmin) <= age(xid(pg_snapshot_xmin(?::pg_snapshot)))""".formatted(KEY, LIVE.feedback(), SHADOW.feedback());

    private static final String FORGET_WRITTEN = "DELETE FROM %s p USING swap_written d WHERE %s = %s"
            .formatted(PENDING, feedbackKey("p"), feedbackKey("d"));

    private final DataSource dataSource;

    /** The snapshot the pending rows are exact for, as {@code pg_snapshot} text. */
    private String exactAsOf;

    private SwapChanges(DataSource dataSource, String exactAsOf) {
        this.dataSource = dataSource;
        this.exactAsOf = exactAsOf;
    }

    /**
     * Takes the whole difference, outside any lock, into a fresh pending table (one a crashed rebuild left is dropped:
     * the rebuild lock makes it nobody's).
     */
    static SwapChanges take(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            sql.execute("DROP TABLE IF EXISTS " + PENDING);
            // Constraints and defaults as the outbox's, so the table can become its child; no identity of its own.
            sql.execute("CREATE TABLE " + PENDING + " (LIKE " + OUTBOX + " INCLUDING DEFAULTS INCLUDING CONSTRAINTS)");
            connection.commit();
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            String snapshot = currentSnapshot(connection);
            sql.execute(DIFFERENCE.replace("{from}", WHOLE));
            connection.commit();
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            // Built once the rows are in: the id for the relay's order, the key to forget a register written again.
            sql.execute("ALTER TABLE " + PENDING + " ADD CONSTRAINT " + PENDING + PRIMARY_KEY + " PRIMARY KEY (id)");
            sql.execute("CREATE INDEX " + PENDING + REGISTER_KEY + " ON " + PENDING + " (" + KEY + ")");
            connection.commit();
            return new SwapChanges(dataSource, snapshot);
        }
    }

    /**
     * Takes the difference again for what was written since the last time, in a transaction of its own, outside any
     * lock: the registers left for the swap's lock are then only those written in the meantime.
     *
     * @return the registers taken again
     */
    long catchUp() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                String snapshot = currentSnapshot(connection);
                long written = retake(connection);
                connection.commit();
                exactAsOf = snapshot;
                return written;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * In the swap's transaction, with the live tables locked and the shadow tables' final catch-up committed: takes
     * the difference again for what was written since, and hands the rows to the relay as of the swap's commit.
     *
     * @return the registers taken again under the lock
     */
    long attach(Connection swap) throws SQLException {
        long written = retake(swap);
        try (Statement sql = swap.createStatement()) {
            String attached = SWAPPED_PREFIX + currentTransaction(swap);
            sql.execute("ALTER TABLE " + PENDING + " RENAME TO " + attached);
            sql.execute("ALTER TABLE " + attached + " RENAME CONSTRAINT " + PENDING + PRIMARY_KEY + " TO " + attached
                    + PRIMARY_KEY);
            sql.execute("ALTER INDEX " + PENDING + REGISTER_KEY + " RENAME TO " + attached + REGISTER_KEY);
            sql.execute("ALTER TABLE " + attached + " INHERIT " + OUTBOX);
        }
        return written;
    }

    /**
     * The outbox lock {@link #attach} needs, taken with the live tables so the swap never waits for it after them
     * (it does not conflict with the relay's or the projection's reads and writes, only with vacuum and DDL).
     */
    static String lockForAttach() {
        return "LOCK TABLE " + OUTBOX + " IN SHARE UPDATE EXCLUSIVE MODE";
    }

    /** Drops the pending difference of a rebuild that does not swap. */
    static void discard(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute("DROP TABLE IF EXISTS " + PENDING);
        }
    }

    /** Drops the attached differences the relay has emptied; those it has not are left to it. */
    static List<String> dropRelayed(DataSource dataSource) throws SQLException {
        List<String> dropped = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            for (String table : attachedTables(connection)) {
                try (ResultSet any = sql.executeQuery("SELECT EXISTS (SELECT 1 FROM " + table + ")")) {
                    any.next();
                    if (any.getBoolean(1)) {
                        continue;
                    }
                }
                sql.execute("DROP TABLE " + table);
                dropped.add(table);
            }
        }
        return dropped;
    }

    private long retake(Connection connection) throws SQLException {
        try (PreparedStatement collect = connection.prepareStatement(COLLECT_WRITTEN);
                Statement sql = connection.createStatement()) {
            collect.setString(1, exactAsOf);
            collect.setString(2, exactAsOf);
            long written = collect.executeUpdate();
            sql.execute("ANALYZE swap_written");
            sql.execute(FORGET_WRITTEN);
            sql.execute(DIFFERENCE.replace("{from}", WRITTEN_SINCE));
            return written;
        }
    }

    private static List<String> attachedTables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                 WHERE i.inhparent = to_regclass(?) AND c.relname LIKE ? ORDER BY c.relname""")) {
            query.setString(1, OUTBOX);
            query.setString(2, SWAPPED_PREFIX.replace("_", "\\_") + "%");
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
        }
        return tables;
    }

    /** The first statement of a repeatable-read transaction: its snapshot is then the transaction's. */
    private static String currentSnapshot(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
                ResultSet row = sql.executeQuery("SELECT pg_current_snapshot()::text")) {
            row.next();
            return row.getString(1);
        }
    }

    private static long currentTransaction(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
                ResultSet row = sql.executeQuery("SELECT pg_current_xact_id()::text::bigint")) {
            row.next();
            return row.getLong(1);
        }
    }
}
