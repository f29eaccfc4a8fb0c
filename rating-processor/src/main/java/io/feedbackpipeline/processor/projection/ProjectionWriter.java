package io.feedbackpipeline.processor.projection;

import io.feedbackpipeline.catalog.FeedbackType;
import io.feedbackpipeline.merge.FeedbackWrite;
import io.feedbackpipeline.merge.LogKey;
import io.feedbackpipeline.merge.LogWrite;
import io.feedbackpipeline.schemas.CompletionLogged;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the winners of one consumer batch in one transaction, set-based: one statement per table, never a loop of
 * single-row statements. Each upsert is guarded by the stored version, so a write that is not newer changes
 * nothing; this is what makes redelivery, replays and duplicates harmless. {@code completion_log.positive_rating}
 * and {@code rating} are copied from the type-1 register of the same project and usage_id, creating the log row
 * ahead of its log when needed: rating and log then meet on one row lock, however their transactions interleave.
 */
@Component
public class ProjectionWriter {

    /** Rows that changed, per table. */
    public record Written(int feedbackRows, int logRows) {
        public int total() {
            return feedbackRows + logRows;
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
            WHERE (f.occurred_at, f.event_id, f.item_index)
                  < (EXCLUDED.occurred_at, EXCLUDED.event_id, EXCLUDED.item_index)""";

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
               OR (l.log_emitted_at, l.log_event_id) < (EXCLUDED.log_emitted_at, EXCLUDED.log_event_id)""";

    /**
     * Copies the type-1 register into the log row, creating the row if the log has not arrived. The register rows
     * were upserted (so locked) earlier in this transaction, so the value read here is the winner and stays so
     * until commit.
     */
    private static final String PROJECT_RATINGS = """
            INSERT INTO {log} AS l (project_id, usage_id, positive_rating, rating)
            SELECT f.project_id, f.usage_id, f.flag, CASE WHEN f.flag THEN 1 WHEN NOT f.flag THEN -1 ELSE 0 END
              FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS k(project_id, usage_id, n)
              JOIN {feedback} f
                ON f.project_id = k.project_id::uuid AND f.usage_id = k.usage_id AND f.feedback_type_id = %d
             ORDER BY k.n
            ON CONFLICT (project_id, usage_id) DO UPDATE SET
                positive_rating = EXCLUDED.positive_rating, rating = EXCLUDED.rating, updated_at = now()
            WHERE l.positive_rating IS DISTINCT FROM EXCLUDED.positive_rating""".formatted(FeedbackType.POSITIVE_RATING);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final String upsertFeedback;
    private final String upsertLogs;
    private final String projectRatings;
    private final JsonMapper json = JsonMapper.builder().build();

    @org.springframework.beans.factory.annotation.Autowired
    ProjectionWriter(JdbcClient jdbc, TransactionTemplate transaction) {
        this(jdbc, transaction, ProjectionTables.LIVE);
    }

    ProjectionWriter(JdbcClient jdbc, TransactionTemplate transaction, ProjectionTables tables) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.upsertFeedback = tables.apply(UPSERT_FEEDBACK);
        this.upsertLogs = tables.apply(UPSERT_LOGS);
        this.projectRatings = tables.apply(PROJECT_RATINGS);
    }

    /** A writer outside the service's Spring context (replay, rebuild), on the given tables. */
    public static ProjectionWriter forDataSource(DataSource dataSource, ProjectionTables tables) {
        return new ProjectionWriter(JdbcClient.create(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), tables);
    }

    /** Feedback winners and log winners, each at most one per key, sorted by key (see {@code Merge}). */
    public Written write(List<FeedbackWrite> feedback, List<LogWrite> logs) {
        if (feedback.isEmpty() && logs.isEmpty()) {
            return new Written(0, 0);
        }
        return transaction.execute(status -> {
            int feedbackRows = feedback.isEmpty() ? 0 : upsertFeedback(feedback);
            int logRows = logs.isEmpty() ? 0 : upsertLogs(logs);
            projectRatings(feedback);
            return new Written(feedbackRows, logRows);
        });
    }

    private int upsertFeedback(List<FeedbackWrite> writes) {
        return jdbc.sql(upsertFeedback)
                .param(column(writes, w -> w.key().projectId().toString(), String[]::new))
                .param(column(writes, w -> w.key().usageId(), String[]::new))
                .param(column(writes, w -> w.key().feedbackTypeId(), Integer[]::new))
                .param(column(writes, FeedbackWrite::flag, Boolean[]::new))
                .param(column(writes, FeedbackWrite::value, Double[]::new))
                .param(column(writes, FeedbackWrite::comment, String[]::new))
                .param(column(writes, FeedbackWrite::tag, String[]::new))
                .param(column(writes, FeedbackWrite::displayValue, String[]::new))
                .param(column(writes, w -> text(w.endpointId()), String[]::new))
                .param(column(writes, w -> w.version().occurredAt().toString(), String[]::new))
                .param(column(writes, w -> w.version().eventId().toString(), String[]::new))
                .param(column(writes, w -> w.version().itemIndex(), Integer[]::new))
                .param(column(writes, w -> w.receivedAt().toString(), String[]::new))
                .param(column(writes, w -> w.origin().topic(), String[]::new))
                .param(column(writes, w -> w.origin().partition(), Integer[]::new))
                .param(column(writes, w -> w.origin().offset(), Long[]::new))
                .update();
    }

    private int upsertLogs(List<LogWrite> writes) {
        Function<LogWrite, CompletionLogged> log = LogWrite::log;
        return jdbc.sql(upsertLogs)
                .param(column(writes, w -> w.key().projectId().toString(), String[]::new))
                .param(column(writes, w -> w.key().usageId(), String[]::new))
                .param(column(writes, w -> text(log.apply(w).getEndpointId()), String[]::new))
                .param(column(writes, w -> log.apply(w).getUserId(), String[]::new))
                .param(column(writes, w -> log.apply(w).getCreatedAt().toString(), String[]::new))
                .param(column(writes, w -> log.apply(w).getModel(), String[]::new))
                .param(column(writes, w -> log.apply(w).getCost(), Double[]::new))
                .param(column(writes, w -> log.apply(w).getPrompt(), String[]::new))
                .param(column(writes, w -> log.apply(w).getCompletion(), String[]::new))
                .param(column(writes, w -> log.apply(w).getTemperature(), Double[]::new))
                .param(column(writes, w -> log.apply(w).getManaged(), Boolean[]::new))
                .param(column(writes, w -> log.apply(w).getTemplateId(), String[]::new))
                .param(column(writes, w -> json.writeValueAsString(log.apply(w).getValues()), String[]::new))
                .param(column(writes, w -> w.version().emittedAt().toString(), String[]::new))
                .param(column(writes, w -> w.version().eventId().toString(), String[]::new))
                .update();
    }

    private void projectRatings(List<FeedbackWrite> feedback) {
        List<LogKey> rated = feedback.stream()
                .filter(w -> w.key().feedbackTypeId() == FeedbackType.POSITIVE_RATING)
                .map(w -> LogKey.of(w.key()))
                .distinct()
                .toList();
        if (!rated.isEmpty()) {
            jdbc.sql(projectRatings)
                    .param(column(rated, k -> k.projectId().toString(), String[]::new))
                    .param(column(rated, LogKey::usageId, String[]::new))
                    .update();
        }
    }

    private static <W, T> T[] column(List<W> rows, Function<W, T> value, java.util.function.IntFunction<T[]> array) {
        return rows.stream().map(value).toArray(array);
    }

    private static String text(UUID uuid) {
        return Objects.toString(uuid, null);
    }
}
