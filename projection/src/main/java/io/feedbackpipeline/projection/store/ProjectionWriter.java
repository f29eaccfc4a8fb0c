package io.feedbackpipeline.projection.store;

import static io.feedbackpipeline.projection.store.Transactions.column;

import io.feedbackpipeline.catalog.FeedbackType;
import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.merge.FeedbackWrite;
import io.feedbackpipeline.merge.LogKey;
import io.feedbackpipeline.merge.LogWrite;
import io.feedbackpipeline.projection.receipt.Receipt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
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
            Column.cast("project_id", "text", "uuid", w -> w.key().projectId().toString()),
            Column.of("usage_id", "text", w -> w.key().usageId()),
            Column.of("feedback_type_id", "int4", w -> w.key().feedbackTypeId()));

    /** What a write puts in its register; the version columns are {@link ProjectionTables#feedbackVersion}'s. */
    private static final List<Column<FeedbackWrite>> FEEDBACK_VALUES = List.of(
            Column.of("flag", "bool", FeedbackWrite::flag),
            Column.of("value", "float8", FeedbackWrite::value),
            Column.of("comment", "text", FeedbackWrite::comment),
            Column.of("tag", "text", FeedbackWrite::tag),
            Column.cast("display_value", "text", "jsonb", FeedbackWrite::displayValue),
            Column.cast("endpoint_id", "text", "uuid", w -> text(w.endpointId())),
            Column.of("end_user_id", "text", FeedbackWrite::endUserId),
            Column.cast(
                    "occurred_at",
                    "text",
                    "timestamptz",
                    w -> TimestampText.of(w.version().occurredAt())),
            Column.cast("event_id", "text", "uuid", w -> w.version().eventId().toString()),
            Column.of("item_index", "int4", w -> w.version().itemIndex()),
            Column.cast("received_at", "text", "timestamptz", w -> TimestampText.of(w.receivedAt())),
            Column.of("source_topic", "text", w -> w.origin().topic()),
            Column.of("source_partition", "int4", w -> w.origin().partition()),
            Column.of("source_offset", "int8", w -> w.origin().offset()));

    private static final List<Column<FeedbackWrite>> FEEDBACK_COLUMNS = concat(FEEDBACK_KEY, FEEDBACK_VALUES);

    /** A register is replaced only by a strictly greater version (merge.Version's order, proven by VersionOrderIT). */
    private static final String UPSERT_FEEDBACK = "INSERT INTO {feedback} AS f (" + Column.names(FEEDBACK_COLUMNS)
            + ")\nSELECT " + Column.selected(FEEDBACK_COLUMNS, "w") + "\n  FROM " + Column.unnest(FEEDBACK_COLUMNS, "w")
            + "\nON CONFLICT (" + Column.names(FEEDBACK_KEY) + ") DO UPDATE SET "
            + Column.setFromExcluded(FEEDBACK_VALUES) + ", updated_at = now()\nWHERE "
            + ProjectionTables.feedbackVersion("f") + " < " + ProjectionTables.feedbackVersion("EXCLUDED");

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
     * The change stream's outbox row (V15) for each register whose value this statement changed: committed exactly
     * when the write is. A newer version with the same value is not a change.
     */
    private static final String RECORD_CHANGES = ChangeOutbox.INSERT_INTO + """
            SELECT project_id, usage_id, feedback_type_id, existed, was_flag, was_value, was_comment, was_tag,
                   true, flag, value, comment, tag, at, event_id, item_index, 'projection'
              FROM written
             WHERE NOT existed OR (was_flag, was_value, was_comment, was_tag) IS DISTINCT FROM (flag, value, comment, tag)""";

    /** The upsert with what the writer was asked to do beside it, in one statement. */
    private static String feedbackUpsert(boolean marks, boolean changes, boolean perEvent) {
        if (!marks && !changes && !perEvent) {
            return UPSERT_FEEDBACK;
        }
        StringBuilder sql = new StringBuilder("WITH written AS (\n")
                .append(UPSERT_FEEDBACK)
                .append('\n')
                .append(FEEDBACK_RETURNING)
                .append("\n)");
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
            Column.cast("project_id", "text", "uuid", w -> w.key().projectId().toString()),
            Column.of("usage_id", "text", w -> w.key().usageId()));

    /**
     * What a completion log writes; {@code positive_rating} and {@code rating} are not among them (projected from the
     * type-1 register, and Baseplate's own, respectively).
     */
    private static final List<Column<LogWrite>> LOG_VALUES = List.of(
            Column.cast("endpoint_id", "text", "uuid", w -> text(w.log().getEndpointId())),
            Column.of("user_id", "text", w -> w.log().getUserId()),
            Column.cast(
                    "created_at",
                    "text",
                    "timestamptz",
                    w -> TimestampText.of(w.log().getCreatedAt())),
            Column.of("model", "text", w -> w.log().getModel()),
            Column.of("cost", "float8", w -> w.log().getCost()),
            Column.of("prompt", "text", w -> w.log().getPrompt()),
            Column.of("completion", "text", w -> w.log().getCompletion()),
            Column.of("temperature", "float8", w -> w.log().getTemperature()),
            Column.of("managed", "bool", w -> w.log().getManaged()),
            Column.of("template_id", "text", w -> w.log().getTemplateId()),
            Column.cast("values", "text", "jsonb", w -> ValuesJson.of(w.log().getValues())),
            Column.cast(
                    "log_emitted_at",
                    "text",
                    "timestamptz",
                    w -> TimestampText.of(w.version().emittedAt())),
            Column.cast(
                    "log_event_id", "text", "uuid", w -> w.version().eventId().toString()));

    private static final List<Column<LogWrite>> LOG_COLUMNS = concat(LOG_KEY, LOG_VALUES);

    /** A log row that only holds a rating (no log yet) takes any log; a log replaces another only if newer. */
    private static final String UPSERT_LOGS = "INSERT INTO {log} AS l (" + Column.names(LOG_COLUMNS) + ")\nSELECT "
            + Column.selected(LOG_COLUMNS, "w") + "\n  FROM " + Column.unnest(LOG_COLUMNS, "w") + "\nON CONFLICT ("
            + Column.names(LOG_KEY) + ") DO UPDATE SET " + Column.setFromExcluded(LOG_VALUES)
            + ", updated_at = now()\nWHERE l.log_event_id IS NULL OR " + ProjectionTables.logVersion("l") + " < "
            + ProjectionTables.logVersion("EXCLUDED");

    /**
     * The upsert, and a mark on each usage_id whose model, endpoint or template it changed: every register of that log
     * moves in the rollup. The mark names the usage_id, not its registers' hours, because a register written by a
     * transaction this statement cannot see yet must move too; the refresher finds the hours in its own snapshot.
     */
    private static final String UPSERT_LOGS_MARKING = "WITH written AS (\n" + UPSERT_LOGS
            + "\nRETURNING l.project_id, l.usage_id, l.log_event_id AS event_id,"
            + " (old.model, old.endpoint_id, old.template_id) IS DISTINCT FROM (l.model, l.endpoint_id, l.template_id)"
            + " AS moved\n), marked AS (\n"
            + "INSERT INTO {dirty} (project_id, usage_id) SELECT project_id, usage_id FROM written WHERE moved\n)\n"
            + "SELECT count(*) FROM written";

    private static final String UPSERT_LOGS_PER_EVENT =
            "WITH written AS (\n" + UPSERT_LOGS + "\nRETURNING l.log_event_id AS event_id\n)\n" + PER_EVENT;

    private static final String UPSERT_LOGS_MARKING_PER_EVENT =
            UPSERT_LOGS_MARKING.replace("SELECT count(*) FROM written", PER_EVENT);

    /**
     * Copies the type-1 register into the log row, creating the row if the log has not arrived. The register rows
     * were upserted (so locked) earlier in this transaction, so the value read here is the winner and stays so
     * until commit. {@code rating} is not touched: it is not derived from the thumbs (see docs/design-decisions.md).
     */
    private static final String PROJECT_RATINGS = """
            INSERT INTO {log} AS l (project_id, usage_id, positive_rating)
            SELECT f.project_id, f.usage_id, f.flag
              FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS k(project_id, usage_id, n)
              JOIN {feedback} f
                ON f.project_id = k.project_id::uuid AND f.usage_id = k.usage_id AND f.feedback_type_id = %d
             ORDER BY k.n
            ON CONFLICT (project_id, usage_id) DO UPDATE SET
                positive_rating = EXCLUDED.positive_rating, updated_at = now()
            WHERE l.positive_rating IS DISTINCT FROM EXCLUDED.positive_rating""".formatted(FeedbackType.POSITIVE_RATING);

    private static final String NOTIFY = "SELECT pg_notify('" + ProjectionTables.PROJECTED_CHANNEL + "', '')";

    /**
     * A rebuild's shadow tables need no flush per transaction: the swap's own commit is synchronous, and PostgreSQL
     * flushes its write-ahead log in order, so every shadow write is durable once the swap is; a crash before the
     * swap throws the shadow tables away anyway (the next rebuild starts afresh).
     */
    private static final String NO_FLUSH_PER_COMMIT = "SET LOCAL synchronous_commit = off";

    private final Transactions transactions;
    private final String upsertFeedback;
    private final String upsertLogs;
    private final String projectRatings;
    private final boolean live;
    private final boolean receipts;

    /**
     * A writer of the live tables NOTIFYs {@code feedback_projected} when a transaction changed feedback rows
     * (gateways wait on it) and flushes every commit; a writer of a rebuild's shadow tables does neither.
     *
     * @param rollupMarks whether writes mark what changed for the analytics rollup (off only to measure its cost:
     *     without marks the rollup goes stale and only {@code feedbackctl replay --rebuild} builds it again)
     * @param receipts whether the writer records each event's receipt (off only to measure its cost). A rebuild's
     *     writer records them too, in the one receipts table: when it gets to an event before the live processor
     *     (which then finds its items there already and writes nothing), its receipt is the one that stands
     * @param changes whether a writer of the live tables records each changed register for the change stream (off
     *     only to measure its cost). A rebuild's writer never does: its swap records what it changes
     */
    public ProjectionWriter(
            Transactions transactions,
            ProjectionTables tables,
            boolean rollupMarks,
            boolean receipts,
            boolean changes) {
        this.transactions = transactions;
        this.live = tables.equals(ProjectionTables.LIVE);
        this.receipts = receipts;
        this.upsertFeedback = tables.apply(feedbackUpsert(rollupMarks, changes && live, receipts));
        this.upsertLogs = tables.apply(
                this.receipts
                        ? (rollupMarks ? UPSERT_LOGS_MARKING_PER_EVENT : UPSERT_LOGS_PER_EVENT)
                        : (rollupMarks ? UPSERT_LOGS_MARKING : UPSERT_LOGS));
        this.projectRatings = tables.apply(PROJECT_RATINGS);
    }

    public ProjectionWriter(Transactions transactions, ProjectionTables tables) {
        this(transactions, tables, true, true, true);
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
        return transactions.inTransaction(connection -> {
            if (!live) {
                try (PreparedStatement noFlush = connection.prepareStatement(NO_FLUSH_PER_COMMIT)) {
                    noFlush.execute();
                }
            }
            Map<UUID, Integer> won = new HashMap<>();
            int feedbackRows = feedback.isEmpty() ? 0 : upsertFeedback(connection, feedback, won);
            int logRows = logs.isEmpty() ? 0 : upsertLogs(connection, logs, won);
            projectRatings(connection, feedback);
            if (!recorded.isEmpty()) {
                Receipts.record(connection, recorded, won);
            }
            if (live && feedbackRows > 0) {
                try (PreparedStatement notify = connection.prepareStatement(NOTIFY)) {
                    notify.execute();
                }
            }
            return new Written(feedbackRows, logRows);
        });
    }

    private int upsertFeedback(Connection c, List<FeedbackWrite> writes, Map<UUID, Integer> won) throws SQLException {
        Object[] arrays = arrays(c, FEEDBACK_COLUMNS, writes);
        return receipts
                ? Receipts.rowsWrittenPerEvent(c, upsertFeedback, arrays, won)
                : Transactions.rowsWritten(c, upsertFeedback, arrays);
    }

    private int upsertLogs(Connection c, List<LogWrite> writes, Map<UUID, Integer> won) throws SQLException {
        Object[] arrays = arrays(c, LOG_COLUMNS, writes);
        return receipts
                ? Receipts.rowsWrittenPerEvent(c, upsertLogs, arrays, won)
                : Transactions.rowsWritten(c, upsertLogs, arrays);
    }

    /** One SQL array per column, in the columns' order: the statement's bindings. */
    private static <W> Object[] arrays(Connection c, List<Column<W>> columns, List<W> rows) throws SQLException {
        Object[] arrays = new Object[columns.size()];
        for (int i = 0; i < arrays.length; i++) {
            Column<W> column = columns.get(i);
            arrays[i] = column(c, column.arrayType(), rows, column.value());
        }
        return arrays;
    }

    private static <W> List<Column<W>> concat(List<Column<W>> first, List<Column<W>> second) {
        List<Column<W>> all = new ArrayList<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }

    private void projectRatings(Connection c, List<FeedbackWrite> feedback) throws SQLException {
        List<LogKey> rated = feedback.stream()
                .filter(w -> w.key().feedbackTypeId() == FeedbackType.POSITIVE_RATING)
                .map(w -> LogKey.of(w.key()))
                .distinct()
                .toList();
        if (!rated.isEmpty()) {
            Transactions.update(
                    c,
                    projectRatings,
                    column(c, "text", rated, k -> k.projectId().toString()),
                    column(c, "text", rated, LogKey::usageId));
        }
    }

    private static String text(UUID uuid) {
        return Objects.toString(uuid, null);
    }
}
