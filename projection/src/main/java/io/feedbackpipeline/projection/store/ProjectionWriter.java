package io.feedbackpipeline.projection.store;

import static io.feedbackpipeline.projection.store.Transactions.column;

import io.feedbackpipeline.catalog.FeedbackType;
import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.merge.FeedbackWrite;
import io.feedbackpipeline.merge.LogKey;
import io.feedbackpipeline.merge.LogWrite;
import io.feedbackpipeline.schemas.CompletionLogged;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

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

    private static final String UPSERT_FEEDBACK = """
            INSERT INTO {feedback} AS f (project_id, usage_id, feedback_type_id, flag, value, comment, tag,
                display_value, endpoint_id, occurred_at, event_id, item_index, received_at, source_topic,
                source_partition, source_offset)
            SELECT w.project_id::uuid, w.usage_id, w.feedback_type_id, w.flag, w.value, w.comment, w.tag,
                   w.display_value::jsonb, w.endpoint_id::uuid, w.occurred_at::timestamptz, w.event_id::uuid,
                   w.item_index, w.received_at::timestamptz, w.source_topic, w.source_partition, w.source_offset
              FROM unnest(?::text[], ?::text[], ?::int[], ?::bool[], ?::float8[], ?::text[], ?::text[], ?::text[],
                          ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::int[], ?::bigint[])
                   AS w(project_id, usage_id, feedback_type_id, flag, value, comment, tag, display_value,
                        endpoint_id, occurred_at, event_id, item_index, received_at, source_topic, source_partition,
                        source_offset)
            ON CONFLICT (project_id, usage_id, feedback_type_id) DO UPDATE SET
                flag = EXCLUDED.flag, value = EXCLUDED.value, comment = EXCLUDED.comment, tag = EXCLUDED.tag,
                display_value = EXCLUDED.display_value, endpoint_id = EXCLUDED.endpoint_id,
                occurred_at = EXCLUDED.occurred_at, event_id = EXCLUDED.event_id, item_index = EXCLUDED.item_index,
                received_at = EXCLUDED.received_at, source_topic = EXCLUDED.source_topic,
                source_partition = EXCLUDED.source_partition, source_offset = EXCLUDED.source_offset,
                updated_at = now()
            WHERE {stored} < {incoming}""".replace("{stored}", ProjectionTables.feedbackVersion("f"))
            .replace("{incoming}", ProjectionTables.feedbackVersion("EXCLUDED"));

    private static final String UPSERT_LOGS = """
            INSERT INTO {log} AS l (project_id, usage_id, endpoint_id, user_id, created_at, model, cost,
                prompt, completion, temperature, managed, template_id, "values", positive_rating, rating,
                log_emitted_at, log_event_id)
            SELECT w.project_id::uuid, w.usage_id, w.endpoint_id::uuid, w.user_id, w.created_at::timestamptz,
                   w.model, w.cost, w.prompt, w.completion, w.temperature, w.managed, w.template_id,
                   w.values_json::jsonb, NULL, 0, w.emitted_at::timestamptz, w.event_id::uuid
              FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::text[],
                          ?::text[], ?::float8[], ?::bool[], ?::text[], ?::text[], ?::text[], ?::text[])
                   AS w(project_id, usage_id, endpoint_id, user_id, created_at, model, cost, prompt, completion,
                        temperature, managed, template_id, values_json, emitted_at, event_id)
            ON CONFLICT (project_id, usage_id) DO UPDATE SET
                endpoint_id = EXCLUDED.endpoint_id, user_id = EXCLUDED.user_id, created_at = EXCLUDED.created_at,
                model = EXCLUDED.model, cost = EXCLUDED.cost, prompt = EXCLUDED.prompt,
                completion = EXCLUDED.completion, temperature = EXCLUDED.temperature, managed = EXCLUDED.managed,
                template_id = EXCLUDED.template_id, "values" = EXCLUDED."values",
                log_emitted_at = EXCLUDED.log_emitted_at, log_event_id = EXCLUDED.log_event_id, updated_at = now()
            WHERE l.log_event_id IS NULL
               OR {stored} < {incoming}""".replace("{stored}", ProjectionTables.logVersion("l"))
            .replace("{incoming}", ProjectionTables.logVersion("EXCLUDED"));

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
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * A writer of the live tables NOTIFYs {@code feedback_projected} when a transaction changed feedback rows
     * (gateways wait on it) and flushes every commit; a writer of a rebuild's shadow tables does neither.
     */
    public ProjectionWriter(Transactions transactions, ProjectionTables tables) {
        this.transactions = transactions;
        this.upsertFeedback = tables.apply(UPSERT_FEEDBACK);
        this.upsertLogs = tables.apply(UPSERT_LOGS);
        this.projectRatings = tables.apply(PROJECT_RATINGS);
        this.live = tables.equals(ProjectionTables.LIVE);
    }

    /** A writer of the live tables. */
    public static ProjectionWriter live(Transactions transactions) {
        return new ProjectionWriter(transactions, ProjectionTables.LIVE);
    }

    /** Feedback winners and log winners, each at most one per key, sorted by key (see {@code Merge}). */
    public Written write(List<FeedbackWrite> feedback, List<LogWrite> logs) throws SQLException {
        if (feedback.isEmpty() && logs.isEmpty()) {
            return Written.NOTHING;
        }
        return transactions.inTransaction(connection -> {
            if (!live) {
                try (PreparedStatement noFlush = connection.prepareStatement(NO_FLUSH_PER_COMMIT)) {
                    noFlush.execute();
                }
            }
            int feedbackRows = feedback.isEmpty() ? 0 : upsertFeedback(connection, feedback);
            int logRows = logs.isEmpty() ? 0 : upsertLogs(connection, logs);
            projectRatings(connection, feedback);
            if (live && feedbackRows > 0) {
                try (PreparedStatement notify = connection.prepareStatement(NOTIFY)) {
                    notify.execute();
                }
            }
            return new Written(feedbackRows, logRows);
        });
    }

    private int upsertFeedback(Connection c, List<FeedbackWrite> writes) throws SQLException {
        return Transactions.update(
                c,
                upsertFeedback,
                column(c, "text", writes, w -> w.key().projectId().toString()),
                column(c, "text", writes, w -> w.key().usageId()),
                column(c, "int4", writes, w -> w.key().feedbackTypeId()),
                column(c, "bool", writes, FeedbackWrite::flag),
                column(c, "float8", writes, FeedbackWrite::value),
                column(c, "text", writes, FeedbackWrite::comment),
                column(c, "text", writes, FeedbackWrite::tag),
                column(c, "text", writes, FeedbackWrite::displayValue),
                column(c, "text", writes, w -> text(w.endpointId())),
                column(c, "text", writes, w -> TimestampText.of(w.version().occurredAt())),
                column(c, "text", writes, w -> w.version().eventId().toString()),
                column(c, "int4", writes, w -> w.version().itemIndex()),
                column(c, "text", writes, w -> TimestampText.of(w.receivedAt())),
                column(c, "text", writes, w -> w.origin().topic()),
                column(c, "int4", writes, w -> w.origin().partition()),
                column(c, "int8", writes, w -> w.origin().offset()));
    }

    private int upsertLogs(Connection c, List<LogWrite> writes) throws SQLException {
        Function<LogWrite, CompletionLogged> log = LogWrite::log;
        return Transactions.update(
                c,
                upsertLogs,
                column(c, "text", writes, w -> w.key().projectId().toString()),
                column(c, "text", writes, w -> w.key().usageId()),
                column(c, "text", writes, w -> text(log.apply(w).getEndpointId())),
                column(c, "text", writes, w -> log.apply(w).getUserId()),
                column(c, "text", writes, w -> TimestampText.of(log.apply(w).getCreatedAt())),
                column(c, "text", writes, w -> log.apply(w).getModel()),
                column(c, "float8", writes, w -> log.apply(w).getCost()),
                column(c, "text", writes, w -> log.apply(w).getPrompt()),
                column(c, "text", writes, w -> log.apply(w).getCompletion()),
                column(c, "float8", writes, w -> log.apply(w).getTemperature()),
                column(c, "bool", writes, w -> log.apply(w).getManaged()),
                column(c, "text", writes, w -> log.apply(w).getTemplateId()),
                column(
                        c,
                        "text",
                        writes,
                        w -> json.writeValueAsString(log.apply(w).getValues())),
                column(c, "text", writes, w -> TimestampText.of(w.version().emittedAt())),
                column(c, "text", writes, w -> w.version().eventId().toString()));
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
