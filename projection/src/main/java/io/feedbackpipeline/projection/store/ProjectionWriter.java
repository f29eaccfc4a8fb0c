package io.feedbackpipeline.projection.store;

import io.feedbackpipeline.catalog.FeedbackType;
import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.merge.FeedbackWrite;
import io.feedbackpipeline.merge.LogWrite;
import io.feedbackpipeline.projection.receipt.Receipt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Writes the winners of a run of records in one transaction, set-based: one statement per table, never a loop of
 * single-row statements. Each upsert is guarded by the stored version, so a write that is not newer changes
 * nothing; this is what makes redelivery, replays and duplicates harmless. {@code completion_log.positive_rating}
 * is copied from the type-1 register of the same project and usage_id, creating the log row
 * ahead of its log when needed: a rating and its log then meet on one row lock, however their transactions interleave.
 * This is the only class that writes the projection's SQL.
 */
public final class ProjectionWriter {

    /** Rows that changed, per table. */
    public record Written(int feedbackRows, int logRows) {
        public static final Written NOTHING = new Written(0, 0);

        public int total() {
            return feedbackRows + logRows;
        }

        public Written plus(Written other) {
            return new Written(feedbackRows + other.feedbackRows, logRows + other.logRows);
        }
    }

    private static final String PER_EVENT = "SELECT event_id, count(*) FROM written GROUP BY event_id";

    /** A register's key: the upsert's conflict target. */
    private static final List<Column<FeedbackWrite>> FEEDBACK_KEY = List.of(
            Column.of("project_id", SqlType.UUID, w -> w.key().projectId()),
            Column.of("usage_id", SqlType.TEXT, w -> w.key().usageId()),
            Column.of("feedback_type_id", SqlType.INT4, w -> w.key().feedbackTypeId()));

    /** What a write puts in its register; the version columns are {@link ProjectionTables#feedbackVersion}'s. */
    private static final List<Column<FeedbackWrite>> FEEDBACK_VALUES = List.of(
            Column.of("flag", SqlType.BOOL, FeedbackWrite::flag),
            Column.of("value", SqlType.FLOAT8, FeedbackWrite::value),
            Column.of("comment", SqlType.TEXT, FeedbackWrite::comment),
            Column.of("tag", SqlType.TEXT, FeedbackWrite::tag),
            Column.of("display_value", SqlType.JSONB, FeedbackWrite::displayValue),
            Column.of("endpoint_id", SqlType.UUID, FeedbackWrite::endpointId),
            Column.of("end_user_id", SqlType.TEXT, FeedbackWrite::endUserId),
            Column.of("occurred_at", SqlType.TIMESTAMPTZ, w -> w.version().occurredAt()),
            Column.of("event_id", SqlType.UUID, w -> w.version().eventId()),
            Column.of("item_index", SqlType.INT4, w -> w.version().itemIndex()),
            Column.of("received_at", SqlType.TIMESTAMPTZ, FeedbackWrite::receivedAt),
            Column.of("source_topic", SqlType.TEXT, w -> w.origin().topic()),
            Column.of("source_partition", SqlType.INT4, w -> w.origin().partition()),
            Column.of("source_offset", SqlType.INT8, w -> w.origin().offset()));

    private static final List<Column<FeedbackWrite>> FEEDBACK_COLUMNS = concat(FEEDBACK_KEY, FEEDBACK_VALUES);

    /**
     * A register is replaced only by a strictly greater version (merge.Version's order, proven by VersionOrderIT). The
     * rows come from {@code rows}, a FROM item of {@link RowSource}.
     */
    private static String upsertFeedback(String rows) {
        return "INSERT INTO {feedback} AS f (" + Column.names(FEEDBACK_COLUMNS) + ")\nSELECT "
                + Column.selected(FEEDBACK_COLUMNS, "w") + "\n  FROM " + rows + "\nON CONFLICT ("
                + Column.names(FEEDBACK_KEY) + ") DO UPDATE SET " + Column.setFromExcluded(FEEDBACK_VALUES)
                + ", updated_at = now()\nWHERE " + ProjectionTables.feedbackVersion("f") + " < "
                + ProjectionTables.feedbackVersion("EXCLUDED");
    }

    /** What the upsert returns of each register it wrote, for the marks, the receipts and the change stream. */
    private static final String FEEDBACK_RETURNING = "RETURNING f.project_id, f.usage_id, f.feedback_type_id,"
            + " f.flag, f.value, f.comment, f.tag, f.occurred_at AS at, f.event_id, f.item_index,"
            + " old.usage_id IS NOT NULL AS existed, old.occurred_at AS was_at,"
            + " old.flag AS was_flag, old.value AS was_value, old.comment AS was_comment, old.tag AS was_tag";

    /**
     * A mark for the analytics rollup on each hour a written register now falls in or has left (PostgreSQL 18's
     * {@code RETURNING old} gives the time it had): the rollup of a marked hour is recomputed from committed rows, and
     * read from them until it is (V11).
     */
    private static final String MARK_HOURS = "INSERT INTO {dirty} (project_id, hour)\n"
            + "SELECT DISTINCT m.project_id, date_trunc('hour', m.at, 'UTC')\n"
            + "  FROM (SELECT project_id, at FROM written UNION ALL"
            + " SELECT project_id, was_at FROM written WHERE was_at IS NOT NULL) m";

    /**
     * The change stream's batch row (V17) of the registers whose value this statement changed, if any: committed
     * exactly when the writes are. A newer version with the same value is not a change. One aggregation gives every
     * array, so element i of each is the same register's.
     */
    private static final String RECORD_CHANGES = ChangeOutbox.INSERT_BATCH + """
            SELECT array_agg(project_id), array_agg(usage_id), array_agg(feedback_type_id), array_agg(existed),
                   array_agg(was_flag), array_agg(was_value), array_agg(was_comment), array_agg(was_tag),
                   array_agg(flag), array_agg(value), array_agg(comment), array_agg(tag),
                   array_agg(at), array_agg(event_id), array_agg(item_index)
              FROM written
             WHERE NOT existed
                OR (was_flag, was_value, was_comment, was_tag) IS DISTINCT FROM (flag, value, comment, tag)
            HAVING count(*) > 0""";

    /**
     * Copies each type-1 register the upsert wrote into its completion log row, creating the row if the log has not
     * arrived. The rows come from the upsert's own RETURNING, so the flag is the winner's and stays so until commit
     * (the register rows are locked); a register the upsert left alone keeps the flag its log row already holds.
     * {@code rating} is not touched: it is not derived from the thumbs (see docs/design-decisions.md). Rows are taken
     * in key order, as the log upsert takes its own.
     */
    private static final String PROJECT_RATINGS = """
            INSERT INTO {log} AS l (project_id, usage_id, positive_rating)
            SELECT project_id, usage_id, flag FROM written WHERE feedback_type_id = %d ORDER BY project_id, usage_id
            ON CONFLICT (project_id, usage_id) DO UPDATE SET
                positive_rating = EXCLUDED.positive_rating, updated_at = now()
            WHERE l.positive_rating IS DISTINCT FROM EXCLUDED.positive_rating""".formatted(FeedbackType.POSITIVE_RATING);

    /**
     * The upsert with what the writer was asked to do beside it, in one statement; {@code ratings} when the writes
     * hold a type-1 register, whose flag the log row then gets.
     */
    private static String feedbackUpsert(
            String rows, boolean marks, boolean changes, boolean perEvent, boolean ratings) {
        if (!marks && !changes && !perEvent && !ratings) {
            return upsertFeedback(rows);
        }
        StringBuilder sql = new StringBuilder("WITH written AS (\n")
                .append(upsertFeedback(rows))
                .append('\n')
                .append(FEEDBACK_RETURNING)
                .append("\n)");
        if (ratings) {
            sql.append(", rated AS (\n").append(PROJECT_RATINGS).append("\n)");
        }
        if (marks) {
            sql.append(", marked AS (\n").append(MARK_HOURS).append("\n)");
        }
        if (changes) {
            sql.append(", changed AS (\n").append(RECORD_CHANGES).append("\n)");
        }
        return sql.append('\n')
                .append(perEvent ? PER_EVENT : "SELECT count(*) FROM written")
                .toString();
    }

    private static final List<Column<LogWrite>> LOG_KEY = List.of(
            Column.of("project_id", SqlType.UUID, w -> w.key().projectId()),
            Column.of("usage_id", SqlType.TEXT, w -> w.key().usageId()));

    /**
     * What a completion log writes; {@code positive_rating} and {@code rating} are not among them (projected from the
     * type-1 register, and Baseplate's own, respectively).
     */
    private static final List<Column<LogWrite>> LOG_VALUES = List.of(
            Column.of("endpoint_id", SqlType.UUID, w -> w.log().getEndpointId()),
            Column.of("user_id", SqlType.TEXT, w -> w.log().getUserId()),
            Column.of("created_at", SqlType.TIMESTAMPTZ, w -> w.log().getCreatedAt()),
            Column.of("model", SqlType.TEXT, w -> w.log().getModel()),
            Column.of("cost", SqlType.FLOAT8, w -> w.log().getCost()),
            Column.of("prompt", SqlType.TEXT, w -> w.log().getPrompt()),
            Column.of("completion", SqlType.TEXT, w -> w.log().getCompletion()),
            Column.of("temperature", SqlType.FLOAT8, w -> w.log().getTemperature()),
            Column.of("managed", SqlType.BOOL, w -> w.log().getManaged()),
            Column.of("template_id", SqlType.TEXT, w -> w.log().getTemplateId()),
            Column.of("values", SqlType.JSONB, w -> ValuesJson.of(w.log().getValues())),
            Column.of("log_emitted_at", SqlType.TIMESTAMPTZ, w -> w.version().emittedAt()),
            Column.of("log_event_id", SqlType.UUID, w -> w.version().eventId()));

    private static final List<Column<LogWrite>> LOG_COLUMNS = concat(LOG_KEY, LOG_VALUES);

    /** A log row that only holds a rating (no log yet) takes any log; a log replaces another only if newer. */
    private static String upsertLogs(String rows) {
        return "INSERT INTO {log} AS l (" + Column.names(LOG_COLUMNS) + ")\nSELECT " + Column.selected(LOG_COLUMNS, "w")
                + "\n  FROM " + rows + "\nON CONFLICT (" + Column.names(LOG_KEY) + ") DO UPDATE SET "
                + Column.setFromExcluded(LOG_VALUES) + ", updated_at = now()\nWHERE l.log_event_id IS NULL OR "
                + ProjectionTables.logVersion("l") + " < " + ProjectionTables.logVersion("EXCLUDED");
    }

    /**
     * The upsert, and a mark on each usage_id whose model, endpoint or template it changed: every register of that log
     * moves in the rollup. The mark names the usage_id, not its registers' hours, because a register written by a
     * transaction this statement cannot see yet must move too; the refresher finds the hours in its own snapshot.
     */
    private static String logUpsert(String rows, boolean marks, boolean perEvent) {
        String tail = perEvent ? PER_EVENT : "SELECT count(*) FROM written";
        if (marks) {
            return "WITH written AS (\n" + upsertLogs(rows)
                    + "\nRETURNING l.project_id, l.usage_id, l.log_event_id AS event_id,"
                    + " (old.model, old.endpoint_id, old.template_id) IS DISTINCT FROM"
                    + " (l.model, l.endpoint_id, l.template_id) AS moved\n), marked AS (\n"
                    + "INSERT INTO {dirty} (project_id, usage_id) SELECT project_id, usage_id FROM written WHERE moved"
                    + "\n)\n" + tail;
        }
        return perEvent
                ? "WITH written AS (\n" + upsertLogs(rows) + "\nRETURNING l.log_event_id AS event_id\n)\n" + tail
                : upsertLogs(rows);
    }

    private static final String NOTIFY = "SELECT pg_notify('" + ProjectionTables.PROJECTED_CHANNEL + "', '')";

    /**
     * A rebuild's shadow tables need no flush per transaction: the swap's own commit is synchronous, and PostgreSQL
     * flushes its write-ahead log in order, so every shadow write is durable once the swap is; a crash before the
     * swap throws the shadow tables away anyway (the next rebuild starts afresh).
     */
    private static final String NO_FLUSH_PER_COMMIT = "SET LOCAL synchronous_commit = off";

    /**
     * What a writer records beside the registers, and how it sends its rows.
     *
     * @param rollupMarks whether writes mark what changed for the analytics rollup (off only to measure its cost:
     *     without marks the rollup goes stale and only {@code feedbackctl replay --rebuild} builds it again)
     * @param receipts whether the writer records each event's receipt (off only to measure its cost). A rebuild's
     *     writer records them too, in the one receipts table, for the events its projector passes (those the live
     *     processor had not decided when the rebuild began): when it gets to an event before the live processor
     *     (which then finds its items there already and writes nothing), its receipt is the one that stands
     * @param changes whether a writer of the live tables records each changed register for the change stream (off
     *     only to measure its cost). A rebuild's writer never does: its swap records what it changes
     * @param transport how the rows reach PostgreSQL; the results are the same either way
     */
    public record Options(boolean rollupMarks, boolean receipts, boolean changes, RowTransport transport) {
        public static final Options DEFAULT = new Options(true, true, true, RowTransport.COPY);

        public Options {
            Objects.requireNonNull(transport, "transport");
        }

        public Options withTransport(RowTransport other) {
            return new Options(rollupMarks, receipts, changes, other);
        }
    }

    /** The upserts of a transport's rows; {@code ratedFeedback} also projects type-1 registers into the log rows. */
    private record Upserts(String feedback, String ratedFeedback, String logs) {
        String feedback(boolean rated) {
            return rated ? ratedFeedback : feedback;
        }
    }

    /**
     * One transport's row sources and the upserts that read them: counting the registers each event won, for the
     * transactions that record receipts, or only the rows, for those that record none (most of a rebuild's).
     */
    private record Plan(
            RowSource<FeedbackWrite> feedbackRows, RowSource<LogWrite> logRows, Upserts perEvent, Upserts total) {
        Upserts upserts(boolean countedPerEvent) {
            return countedPerEvent ? perEvent : total;
        }
    }

    private final Transactions transactions;
    private final TransportChoice transport;
    private final Map<RowTransport, Plan> plans = new EnumMap<>(RowTransport.class);
    private final StagingTables stagingTables = new StagingTables();
    private final boolean live;
    private final boolean receipts;

    /**
     * A writer of the live tables NOTIFYs {@code feedback_projected} when a transaction changed feedback rows
     * (gateways wait on it) and flushes every commit; a writer of a rebuild's shadow tables does neither.
     */
    public ProjectionWriter(Transactions transactions, ProjectionTables tables, Options options) {
        this.transactions = transactions;
        this.live = tables.equals(ProjectionTables.LIVE);
        this.receipts = options.receipts();
        this.transport = new TransportChoice(options.transport());
        for (RowTransport each : RowTransport.values()) {
            RowSource<FeedbackWrite> feedbackRows = RowSource.of(each, "staged_feedback", FEEDBACK_COLUMNS);
            RowSource<LogWrite> logRows = RowSource.of(each, "staged_log", LOG_COLUMNS);
            plans.put(
                    each,
                    new Plan(
                            feedbackRows,
                            logRows,
                            upserts(tables, options, feedbackRows.from("w"), logRows.from("w"), true),
                            upserts(tables, options, feedbackRows.from("w"), logRows.from("w"), false)));
        }
    }

    private static Upserts upserts(
            ProjectionTables tables, Options options, String feedbackRows, String logRows, boolean perEvent) {
        boolean changes = options.changes() && tables.equals(ProjectionTables.LIVE);
        return new Upserts(
                tables.apply(feedbackUpsert(feedbackRows, options.rollupMarks(), changes, perEvent, false)),
                tables.apply(feedbackUpsert(feedbackRows, options.rollupMarks(), changes, perEvent, true)),
                tables.apply(logUpsert(logRows, options.rollupMarks(), perEvent)));
    }

    public ProjectionWriter(Transactions transactions, ProjectionTables tables) {
        this(transactions, tables, Options.DEFAULT);
    }

    /** A writer of the live tables. */
    public static ProjectionWriter live(Transactions transactions) {
        return new ProjectionWriter(transactions, ProjectionTables.LIVE);
    }

    /** Feedback winners and log winners, each at most one per key, sorted by key (see {@code Merge}). */
    public Written write(List<FeedbackWrite> feedback, List<LogWrite> logs) throws SQLException {
        return write(feedback, logs, List.of());
    }

    /**
     * As {@link #write(List, List)}, and in the same transaction the receipts of the events they came from (and of
     * events dead-lettered beside them), each projected one with the registers it won.
     */
    public Written write(List<FeedbackWrite> feedback, List<LogWrite> logs, List<Receipt> decided) throws SQLException {
        List<Receipt> recorded = receipts ? decided : List.of();
        if (feedback.isEmpty() && logs.isEmpty() && recorded.isEmpty()) {
            return Written.NOTHING;
        }
        StagingTables.Transaction staged = stagingTables.begin();
        try {
            return transactions.inTransaction(connection -> write(connection, staged, feedback, logs, recorded));
        } catch (SQLException | RuntimeException e) {
            staged.failed();
            transport.failed(e);
            throw e;
        }
    }

    private Written write(
            Connection connection,
            StagingTables.Transaction staged,
            List<FeedbackWrite> feedback,
            List<LogWrite> logs,
            List<Receipt> recorded)
            throws SQLException {
        if (!live) {
            try (PreparedStatement noFlush = connection.prepareStatement(NO_FLUSH_PER_COMMIT)) {
                noFlush.execute();
            }
        }
        Plan plan = plans.get(transport.forTransaction(connection));
        // Null when no receipt is recorded: then nothing counts what each event won.
        Map<UUID, Integer> won = recorded.isEmpty() ? null : new HashMap<>();
        int feedbackRows = feedback.isEmpty() ? 0 : upsertFeedback(connection, plan, staged, feedback, won);
        int logRows = logs.isEmpty() ? 0 : upsertLogs(connection, plan, staged, logs, won);
        if (!recorded.isEmpty()) {
            Receipts.record(connection, recorded, won);
        }
        if (live && feedbackRows > 0) {
            try (PreparedStatement notify = connection.prepareStatement(NOTIFY)) {
                notify.execute();
            }
        }
        return new Written(feedbackRows, logRows);
    }

    private int upsertFeedback(
            Connection c,
            Plan plan,
            StagingTables.Transaction staged,
            List<FeedbackWrite> writes,
            Map<UUID, Integer> won)
            throws SQLException {
        boolean rated = writes.stream().anyMatch(w -> w.key().feedbackTypeId() == FeedbackType.POSITIVE_RATING);
        return rowsWritten(
                c,
                plan.upserts(won != null).feedback(rated),
                plan.feedbackRows().send(c, writes, staged),
                won);
    }

    private int upsertLogs(
            Connection c, Plan plan, StagingTables.Transaction staged, List<LogWrite> writes, Map<UUID, Integer> won)
            throws SQLException {
        return rowsWritten(c, plan.upserts(won != null).logs(), plan.logRows().send(c, writes, staged), won);
    }

    private static int rowsWritten(Connection c, String upsert, Object[] parameters, Map<UUID, Integer> won)
            throws SQLException {
        return won != null
                ? Receipts.rowsWrittenPerEvent(c, upsert, parameters, won)
                : Transactions.rowsWritten(c, upsert, parameters);
    }

    private static <W> List<Column<W>> concat(List<Column<W>> first, List<Column<W>> second) {
        List<Column<W>> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
