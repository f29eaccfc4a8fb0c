package io.feedbackpipeline.projection.store;

import io.feedbackpipeline.catalog.ProjectionTables;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Recomputes the analytics rollup of the hours the projection marked (V11) from the committed registers and logs,
 * in transactions that each read a bounded number of registers, so no refresh holds the live tables or a snapshot
 * for long however busy an hour is (a single statement over an hour of millions of registers held them for minutes:
 * docs/design-decisions.md). A reader takes marked hours from the registers themselves, so every answer is exact
 * whether this has run or not, and while it runs; this only makes answers fast.
 *
 * <p>A refresh <em>claims</em> the marks it read, in one snapshot: it deletes them, and every other mark of their
 * hours that snapshot sees, and puts one claim mark per hour in their place, which keeps the hours marked; it deletes
 * the hours' rollup rows too, which no reader reads while they are marked. It then rolls the hours up slice by
 * slice ({@link RollupSlices}), each slice adding its counts, and in a last transaction sums each hour's rows into
 * one per group and deletes its claims, which is when readers start using them. A change committed after the claim
 * leaves a mark of its own, so its hour is recomputed again; a refresh that fails half way leaves its claims, so
 * the next one recomputes those hours from the start. Every transaction after the claim first checks that the
 * tables are still the ones it claimed in: a rebuild may have swapped new ones in between, and then the refresh
 * gives up, leaving the new tables alone. One refresher per set of tables at a time (an advisory lock held for the
 * whole refresh); any number may try.
 *
 * <p>Each hour is rolled up under every grouping set a query may ask for: nothing, the model, the endpoint, the
 * template, or two of them; each once with the tag ({@link #TAG}) and once with the tag of TEXT feedback only
 * (neither flag nor value), which is all a question that neither groups nor filters by tag needs; always by
 * feedback type and value.
 */
public final class RollupRefresh {

    /** A project's hour. */
    public record ProjectHour(UUID project, Instant hour) {}

    /**
     * What one refresh did: the marks it read, the project-hours it recomputed, in how many slices and how long that
     * took; {@code locked} is false when another refresher held the lock, so this one did nothing.
     */
    public record Refreshed(int marks, List<ProjectHour> hours, int slices, long nanos, boolean locked) {

        static final Refreshed NOT_LOCKED = new Refreshed(0, List.of(), 0, 0, false);
    }

    /** Told after each slice of a refresh commits, when the refresh holds no lock on the tables. */
    @FunctionalInterface
    public interface SliceListener {
        SliceListener NONE = () -> {};

        void sliceCommitted();
    }

    /** Registers one transaction of a refresh reads, about: a few seconds on a busy 2-core machine. */
    public static final long DEFAULT_SLICE_ROWS = 50_000;

    /** Bits of {@code feedback_rollup.dims}. */
    public static final int MODEL = 1;

    public static final int ENDPOINT = 2;
    public static final int TEMPLATE = 4;
    /** Set: rows by tag. Clear: rows by the tag of TEXT feedback only, the others' tag left out. */
    public static final int TAG = 8;

    /**
     * The oldest marks, but none of the hours the caller defers (hours it refreshed a moment ago) and none of the
     * hours still open (from the given hour on).
     */
    private static final String MARKS = """
            SELECT d.id, d.project_id, d.hour, d.usage_id FROM {dirty} d
             WHERE d.hour IS NULL
                OR (d.hour < ? AND (d.project_id, d.hour) NOT IN (SELECT * FROM unnest(?::uuid[], ?::timestamptz[])))
             ORDER BY d.id LIMIT ?""";

    /**
     * All but the oldest mark of each open hour: one keeps the hour marked, and the writer adds one per transaction,
     * which readers would otherwise scan by the thousand before the hour closes. Never the oldest, so an hour marked
     * stays marked whatever commits meanwhile.
     */
    private static final String THIN_OPEN_MARKS = """
            DELETE FROM {dirty} d
             WHERE d.hour >= ?
               AND EXISTS (SELECT 1 FROM {dirty} e
                            WHERE e.project_id = d.project_id AND e.hour = d.hour AND e.id < d.id)""";

    /** Where {@link #refresh(int, Collection)} and {@link #refreshAll} take every hour: none is left open. */
    public static final Instant NONE_OPEN = Instant.parse("9999-01-01T00:00:00Z");

    /** The hours of the marked usages' registers, as of this snapshot, beside the marked hours themselves. */
    private static final String HOURS = """
            SELECT DISTINCT h.project_id, h.hour FROM (
                SELECT project_id, hour FROM unnest(?::uuid[], ?::timestamptz[]) AS m(project_id, hour)
                 WHERE hour IS NOT NULL
                UNION ALL
                SELECT f.project_id, date_trunc('hour', f.occurred_at, 'UTC')
                  FROM unnest(?::uuid[], ?::text[]) AS m(project_id, usage_id)
                  JOIN {feedback} f ON f.project_id = m.project_id AND f.usage_id = m.usage_id
                 WHERE m.usage_id IS NOT NULL) h""";

    private static final String DELETE_HOURS = """
            DELETE FROM {rollup} r USING unnest(?::uuid[], ?::timestamptz[]) AS h(project_id, hour)
             WHERE r.project_id = h.project_id AND r.hour = h.hour""";

    private static final String LOG_DIMENSIONS =
            "(), (x.model), (x.endpoint_id), (x.template_id), (x.model, x.endpoint_id), (x.model, x.template_id),"
                    + " (x.endpoint_id, x.template_id)";

    private static final String ROLL_UP = """
            INSERT INTO {rollup} (project_id, hour, dims, model, endpoint_id, template_id, tag, feedback_type_id,
                                  flag, value, registers)
            SELECT x.project_id, x.hour,
                   (CASE WHEN GROUPING(x.model) = 0 THEN %d ELSE 0 END)
                 + (CASE WHEN GROUPING(x.endpoint_id) = 0 THEN %d ELSE 0 END)
                 + (CASE WHEN GROUPING(x.template_id) = 0 THEN %d ELSE 0 END)
                 + (CASE WHEN GROUPING(x.tag) = 0 THEN %d ELSE 0 END),
                   x.model, x.endpoint_id, x.template_id,
                   CASE WHEN GROUPING(x.tag) = 0 THEN x.tag ELSE x.text_tag END,
                   x.feedback_type_id, x.flag, x.value, count(*)
              FROM (SELECT h.project_id, h.hour, l.model, coalesce(l.endpoint_id, f.endpoint_id) AS endpoint_id,
                           l.template_id, f.tag, CASE WHEN f.flag IS NULL AND f.value IS NULL THEN f.tag END AS text_tag,
                           f.feedback_type_id, f.flag, f.value
                      FROM unnest(?::uuid[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[])
                           AS h(project_id, hour, time_from, time_to)
                      %s) x
             GROUP BY x.project_id, x.hour, x.feedback_type_id, x.flag, x.value,
                      GROUPING SETS (%s)""";

    /**
     * The registers of a slice, each range read from the time index and each log probed by its key, however the
     * planner guesses the ranges' width ({@code OFFSET 0} keeps the subqueries from being flattened): a slice costs
     * in proportion to its registers, not to the tables. Planned freely, a slice of 40,000 registers in a table of
     * 10 M scanned both tables (4.2 s instead of 0.13 s); and all 721 hours of those 10 M registers in one statement,
     * so planned, took 605 s against 65 s in slices (docs/benchmarks.md).
     */
    private static final String JOIN_PROBED = """
            CROSS JOIN LATERAL (SELECT * FROM {feedback} f
                                 WHERE f.project_id = h.project_id
                                   AND f.occurred_at >= h.time_from AND f.occurred_at < h.time_to OFFSET 0) f
            LEFT JOIN LATERAL (SELECT * FROM {log} l
                                WHERE l.project_id = f.project_id AND l.usage_id = f.usage_id OFFSET 0) l ON true""";

    /** Every mark of the recomputed hours that the snapshot sees, and the usage marks that were resolved. */
    private static final String DELETE_MARKS = """
            DELETE FROM {dirty} d
             WHERE d.id = ANY(?::bigint[])
                OR (d.project_id, d.hour) IN (SELECT * FROM unnest(?::uuid[], ?::timestamptz[]))""";

    /** One mark per recomputed hour, in place of those deleted: the hour stays marked until its rows are whole. */
    private static final String CLAIM = """
            INSERT INTO {dirty} (project_id, hour) SELECT * FROM unnest(?::uuid[], ?::timestamptz[]) RETURNING id""";

    private static final String DELETE_CLAIMS = "DELETE FROM {dirty} WHERE id = ANY(?::bigint[])";

    /** Each hour's slices added their counts: one row per group again, as the covering index wants them. */
    private static final String SUM_SLICES = """
            WITH sliced AS (
                DELETE FROM {rollup} r USING unnest(?::uuid[], ?::timestamptz[]) AS h(project_id, hour)
                 WHERE r.project_id = h.project_id AND r.hour = h.hour
                RETURNING r.*)
            INSERT INTO {rollup} (project_id, hour, dims, model, endpoint_id, template_id, tag, feedback_type_id,
                                  flag, value, registers)
            SELECT project_id, hour, dims, model, endpoint_id, template_id, tag, feedback_type_id, flag, value,
                   sum(registers)::bigint
              FROM sliced
             GROUP BY project_id, hour, dims, model, endpoint_id, template_id, tag, feedback_type_id, flag, value""";

    /**
     * The tables by identity, once locked against a swap (which takes them {@code ACCESS EXCLUSIVE}): the same names
     * may be other tables after a rebuild.
     */
    private static final String LOCK_TABLES = """
            LOCK TABLE {rollup}, {dirty} IN ROW EXCLUSIVE MODE;
            LOCK TABLE {feedback}, {log} IN ACCESS SHARE MODE""";

    private static final String TABLE_IDS = """
            SELECT array['{feedback}'::regclass::oid, '{log}'::regclass::oid,
                         '{rollup}'::regclass::oid, '{dirty}'::regclass::oid]::text""";

    private final DataSource dataSource;
    /** One refresher per set of tables: the live refresher and a rebuild's, of its shadow tables, never wait on each other. */
    private final long lock;

    private final RollupSlices slices;
    private final SliceListener listener;
    private final String marks;
    private final String hours;
    private final String deleteHours;
    private final String rollUp;
    private final String deleteMarks;
    private final String claim;
    private final String deleteClaims;
    private final String thinOpenMarks;
    private final String sumSlices;
    private final String lockTables;
    private final String tableIds;

    /** A refresher that reads about {@link #DEFAULT_SLICE_ROWS} registers per transaction. */
    public RollupRefresh(DataSource dataSource, ProjectionTables tables) {
        this(dataSource, tables, DEFAULT_SLICE_ROWS, SliceListener.NONE);
    }

    /**
     * @param sliceRows registers one transaction reads, about; {@link Long#MAX_VALUE} recomputes each batch of hours
     *     in one transaction (to measure slicing against)
     */
    public RollupRefresh(DataSource dataSource, ProjectionTables tables, long sliceRows, SliceListener listener) {
        this.dataSource = dataSource;
        this.lock = 0x726f6c6c7570L ^ tables.rollupDirty().hashCode(); // "rollup", per dirty table
        this.slices = new RollupSlices(tables, sliceRows);
        this.listener = listener;
        this.marks = tables.apply(MARKS);
        this.hours = tables.apply(HOURS);
        this.deleteHours = tables.apply(DELETE_HOURS);
        this.rollUp = tables.apply(ROLL_UP.formatted(MODEL, ENDPOINT, TEMPLATE, TAG, JOIN_PROBED, groupingSets()));
        this.deleteMarks = tables.apply(DELETE_MARKS);
        this.claim = tables.apply(CLAIM);
        this.deleteClaims = tables.apply(DELETE_CLAIMS);
        this.thinOpenMarks = tables.apply(THIN_OPEN_MARKS);
        this.sumSlices = tables.apply(SUM_SLICES);
        this.lockTables = tables.apply(LOCK_TABLES);
        this.tableIds = tables.apply(TABLE_IDS);
    }

    /** Each log-dimension set twice: with the tag, and with the tag of TEXT feedback only. */
    private static String groupingSets() {
        List<String> sets = new ArrayList<>();
        for (String set : LOG_DIMENSIONS.split("(?<=\\)), ")) {
            String inner = set.substring(1, set.length() - 1);
            String prefix = inner.isEmpty() ? "" : inner + ", ";
            sets.add("(" + prefix + "x.tag)");
            sets.add("(" + prefix + "x.text_tag)");
        }
        return String.join(", ", sets);
    }

    /** Consumes up to {@code maxMarks} marks, oldest first; nothing when another refresher holds the lock. */
    public Refreshed refresh(int maxMarks) throws SQLException {
        return refresh(maxMarks, List.of());
    }

    /**
     * As {@link #refresh(int)}, leaving the marks of {@code deferred} hours for later: a refresher defers an hour it
     * has just recomputed while writes keep marking it, so a busy hour is not recomputed over and over.
     */
    public Refreshed refresh(int maxMarks, Collection<ProjectHour> deferred) throws SQLException {
        return refresh(maxMarks, deferred, NONE_OPEN);
    }

    /**
     * As {@link #refresh(int, Collection)}, leaving the hours from {@code openFrom} on as they are: hours still being
     * written. Recomputing one is wasted, since the next write marks it again and readers take a marked hour from the
     * registers anyway; it is recomputed once, when it has closed. Their marks are thinned to one per hour.
     */
    public Refreshed refresh(int maxMarks, Collection<ProjectHour> deferred, Instant openFrom) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!advisoryLock(connection, "pg_try_advisory_lock")) {
                return Refreshed.NOT_LOCKED;
            }
            Refreshed refreshed;
            try {
                if (openFrom.isBefore(NONE_OPEN)) {
                    Transactions.update(connection, thinOpenMarks, Timestamp.from(openFrom));
                }
                refreshed = refreshLocked(connection, maxMarks, deferred, openFrom);
            } catch (Throwable e) { // any failure: a pooled connection must not keep the lock
                try {
                    advisoryLock(connection, "pg_advisory_unlock");
                } catch (SQLException unlock) {
                    e.addSuppressed(unlock); // the session is likely gone, and its lock with it
                }
                throw e;
            }
            advisoryLock(connection, "pg_advisory_unlock");
            return refreshed;
        }
    }

    /**
     * Refreshes until no mark is left, waiting its turn when another refresher holds the lock: what a rebuild does to
     * its shadow tables before it swaps them in.
     */
    public void refreshAll(int batch) throws SQLException {
        while (true) {
            Refreshed refreshed = refresh(batch);
            if (refreshed.locked() && refreshed.marks() == 0) {
                return; // the writes are done, so the marks run out
            }
            if (!refreshed.locked()) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting for another rollup refresher", e);
                }
            }
        }
    }

    private boolean advisoryLock(Connection connection, String function) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT " + function + "(" + lock + ")")) {
            result.next();
            return result.getBoolean(1);
        }
    }

    /** The marks a refresh consumed, the hours it recomputes, their claim marks, and the tables it claimed in. */
    private record Claim(int marks, List<ProjectHour> hours, List<Long> claims, String tables) {}

    private Refreshed refreshLocked(Connection c, int maxMarks, Collection<ProjectHour> deferred, Instant openFrom)
            throws SQLException {
        long began = System.nanoTime();
        Claim claimed =
                inTransaction(c, Connection.TRANSACTION_REPEATABLE_READ, () -> claim(c, maxMarks, deferred, openFrom));
        if (claimed.hours().isEmpty()) {
            return new Refreshed(claimed.marks(), List.of(), 0, System.nanoTime() - began, true);
        }
        List<RollupSlices.Slice> planned = slices.plan(c, claimed.hours());
        for (RollupSlices.Slice slice : planned) {
            boolean rolledUp = inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
                if (!sameTables(c, claimed)) {
                    return false;
                }
                Transactions.update(
                        c,
                        rollUp,
                        rangeColumn(c, "uuid", slice, RollupSlices.Range::project),
                        rangeColumn(c, "timestamptz", slice, r -> Timestamp.from(r.hour())),
                        rangeColumn(c, "timestamptz", slice, r -> Timestamp.from(r.from())),
                        rangeColumn(c, "timestamptz", slice, r -> Timestamp.from(r.to())));
                return true;
            });
            if (!rolledUp) {
                return swappedMeanwhile(claimed, began);
            }
            listener.sliceCommitted();
        }
        boolean finished = inTransaction(c, Connection.TRANSACTION_READ_COMMITTED, () -> {
            if (!sameTables(c, claimed)) {
                return false;
            }
            List<ProjectHour> cut = cutHours(planned);
            if (!cut.isEmpty()) {
                Transactions.update(c, sumSlices, (Object[]) hourColumns(c, cut));
            }
            Transactions.update(
                    c, deleteClaims, c.createArrayOf("int8", claimed.claims().toArray()));
            return true;
        });
        if (!finished) {
            return swappedMeanwhile(claimed, began);
        }
        return new Refreshed(claimed.marks(), claimed.hours(), planned.size(), System.nanoTime() - began, true);
    }

    /** The hours recomputed in more than one slice: only their rows need summing. */
    private static List<ProjectHour> cutHours(List<RollupSlices.Slice> planned) {
        Map<ProjectHour, Integer> ranges = new HashMap<>();
        for (RollupSlices.Slice slice : planned) {
            for (RollupSlices.Range range : slice.ranges()) {
                ranges.merge(new ProjectHour(range.project(), range.hour()), 1, Integer::sum);
            }
        }
        return ranges.entrySet().stream()
                .filter(hour -> hour.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** A rebuild swapped other tables in: their marks are theirs to refresh, and the claimed ones are gone with it. */
    private static Refreshed swappedMeanwhile(Claim claimed, long began) {
        return new Refreshed(claimed.marks(), List.of(), 0, System.nanoTime() - began, true);
    }

    private Claim claim(Connection c, int maxMarks, Collection<ProjectHour> deferred, Instant openFrom)
            throws SQLException {
        List<Long> usageMarks = new ArrayList<>();
        List<Object> markProjects = new ArrayList<>();
        List<Object> markHours = new ArrayList<>();
        List<Object> markUsages = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(marks)) {
            Array[] deferredColumns = hourColumns(c, deferred);
            query.setTimestamp(1, Timestamp.from(openFrom));
            query.setArray(2, deferredColumns[0]);
            query.setArray(3, deferredColumns[1]);
            query.setInt(4, maxMarks);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (rows.getString(4) != null) {
                        usageMarks.add(rows.getLong(1));
                    }
                    markProjects.add(rows.getObject(2));
                    markHours.add(rows.getObject(3));
                    markUsages.add(rows.getString(4));
                }
            }
        }
        if (markProjects.isEmpty()) {
            return new Claim(0, List.of(), List.of(), "");
        }
        List<ProjectHour> recomputed = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(hours)) {
            query.setArray(1, c.createArrayOf("uuid", markProjects.toArray()));
            query.setArray(2, c.createArrayOf("timestamptz", markHours.toArray()));
            query.setArray(3, c.createArrayOf("uuid", markProjects.toArray()));
            query.setArray(4, c.createArrayOf("text", markUsages.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    recomputed.add(projectHour(rows));
                }
            }
        }
        Array[] hourColumns = hourColumns(c, recomputed);
        Transactions.update(
                c, deleteMarks, c.createArrayOf("int8", usageMarks.toArray()), hourColumns[0], hourColumns[1]);
        if (recomputed.isEmpty()) {
            return new Claim(markProjects.size(), List.of(), List.of(), "");
        }
        Transactions.update(c, deleteHours, (Object[]) hourColumns);
        List<Long> claims = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement(claim)) {
            insert.setArray(1, hourColumns[0]);
            insert.setArray(2, hourColumns[1]);
            try (ResultSet rows = insert.executeQuery()) {
                while (rows.next()) {
                    claims.add(rows.getLong(1));
                }
            }
        }
        return new Claim(markProjects.size(), List.copyOf(recomputed), List.copyOf(claims), tableIds(c));
    }

    /** Locks the tables against a swap, and says whether they are the ones the refresh claimed its marks in. */
    private boolean sameTables(Connection c, Claim claimed) throws SQLException {
        try (Statement statement = c.createStatement()) {
            statement.execute(lockTables);
        }
        return tableIds(c).equals(claimed.tables());
    }

    private String tableIds(Connection c) throws SQLException {
        try (Statement statement = c.createStatement();
                ResultSet ids = statement.executeQuery(tableIds)) {
            ids.next();
            return ids.getString(1);
        }
    }

    /** The project and the hour of {@code hours}, as the two array parameters every statement here takes them. */
    static Array[] hourColumns(Connection c, Collection<ProjectHour> hours) throws SQLException {
        return new Array[] {
            c.createArrayOf("uuid", hours.stream().map(ProjectHour::project).toArray()),
            c.createArrayOf(
                    "timestamptz",
                    hours.stream().map(h -> Timestamp.from(h.hour())).toArray())
        };
    }

    /** A project's hour from the first two columns of a row. */
    static ProjectHour projectHour(ResultSet row) throws SQLException {
        return new ProjectHour(
                row.getObject(1, UUID.class),
                row.getObject(2, OffsetDateTime.class).toInstant());
    }

    private static Array rangeColumn(
            Connection c, String type, RollupSlices.Slice slice, Function<RollupSlices.Range, Object> value)
            throws SQLException {
        return Transactions.column(c, type, slice.ranges(), value::apply);
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws SQLException;
    }

    /** One transaction on the refresh's own connection, which keeps its advisory lock between them. */
    private static <T> T inTransaction(Connection c, int isolation, Step<T> step) throws SQLException {
        c.setAutoCommit(false);
        c.setTransactionIsolation(isolation);
        try {
            T result = step.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }
    }
}
