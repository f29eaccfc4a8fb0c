package io.feedbackpipeline.feedbackctl.export;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Preference pairs for preference tuning ({@code prompt, chosen, rejected}, the shape TRL's DPO trainer reads): the
 * completions of one prompt, where one was rated above another by one feedback type. One prompt is the same
 * template with the same values when the log names a template, else the same endpoint with the same prompt text.
 * Thumbs pair every positive against every negative; numeric scores pair a higher against a lower one when they
 * differ by at least the margin. Read in prompt order through a cursor, one prompt's completions in memory at a
 * time (at most {@link Settings#maxCompletionsPerPrompt}); pairs never cross a project, as the filter names one.
 */
final class PreferencePairs {

    static final List<Column> COLUMNS = List.of(
            Column.string("prompt"),
            Column.string("chosen"),
            Column.string("rejected"),
            new Column("chosen_score", Column.Type.DOUBLE),
            new Column("rejected_score", Column.Type.DOUBLE),
            Column.string("chosen_usage_id"),
            Column.string("rejected_usage_id"),
            Column.string("endpoint_id"),
            Column.string("template_id"),
            Column.string("feedback_type"));

    /**
     * @param margin the least difference of two scores that makes a pair (numeric types)
     * @param maxPairsPerPrompt pairs one prompt gives at most (the widest score gaps first)
     * @param maxCompletionsPerPrompt completions of one prompt that are read at most; the rest are counted, not paired
     */
    record Settings(double margin, int maxPairsPerPrompt, int maxCompletionsPerPrompt) {}

    /** What the pairing made. */
    record Summary(long pairs, long promptsPaired, long prompts, long completions, long completionsSkipped) {}

    /** A completion of a prompt, with its score: 1/0 for thumbs, the value for numeric types. */
    private record Rated(String usageId, String completion, double score) {}

    private static final String SELECT = """
            SELECT g.prompt_key, l.prompt, l.completion, f.usage_id, coalesce(l.endpoint_id, f.endpoint_id)::text,
                   l.template_id, t.name,
                   CASE WHEN f.flag IS NOT NULL AND f.value IS NULL THEN (CASE WHEN f.flag THEN 1.0 ELSE 0.0 END)
                        ELSE f.value END AS score
              FROM completion_feedback f
              JOIN feedback_type t ON t.id = f.feedback_type_id
              JOIN completion_log l ON l.project_id = f.project_id AND l.usage_id = f.usage_id
             CROSS JOIN LATERAL (SELECT CASE WHEN l.template_id IS NOT NULL
                                             THEN 't' || l.template_id || chr(31) || coalesce(l."values"::text, '')
                                             ELSE 'p' || coalesce(l.endpoint_id::text, '') || chr(31) || l.prompt
                                        END AS prompt_key) g
             WHERE l.prompt IS NOT NULL AND l.completion IS NOT NULL AND %s
               AND (f.value IS NOT NULL OR f.flag IS NOT NULL)
             ORDER BY md5(g.prompt_key), g.prompt_key, f.usage_id""";

    private final Settings settings;

    PreferencePairs(Settings settings) {
        this.settings = settings;
    }

    long candidates(Connection connection, ExportFilter filter) throws SQLException {
        return FeedbackRows.count(connection, filter);
    }

    /** Streams the pairs of {@code filter}'s feedback type; {@code progress} hears of every completion read. */
    Summary stream(Connection connection, ExportFilter filter, RowSink sink, Runnable progress) throws Exception {
        connection.setAutoCommit(false); // a cursor, not the whole result in memory
        connection.setReadOnly(true);
        long pairs = 0;
        long promptsPaired = 0;
        long prompts = 0;
        long completions = 0;
        long skipped = 0;
        try (PreparedStatement statement = connection.prepareStatement(SELECT.formatted(filter.where()))) {
            statement.setFetchSize(FeedbackRows.FETCH_SIZE);
            filter.bind(statement, 1);
            try (ResultSet rows = statement.executeQuery()) {
                String key = null;
                Object[] context = null; // prompt, endpoint_id, template_id, feedback_type of the current prompt
                List<Rated> rated = new ArrayList<>();
                while (rows.next()) {
                    progress.run();
                    completions++;
                    String rowKey = rows.getString(1);
                    if (!rowKey.equals(key)) {
                        if (key != null) {
                            long made = pair(rated, context, sink);
                            pairs += made;
                            promptsPaired += made > 0 ? 1 : 0;
                        }
                        prompts++;
                        key = rowKey;
                        context =
                                new Object[] {rows.getString(2), rows.getString(5), rows.getString(6), rows.getString(7)
                                };
                        rated.clear();
                    }
                    if (rated.size() < settings.maxCompletionsPerPrompt()) {
                        rated.add(new Rated(rows.getString(4), rows.getString(3), rows.getDouble(8)));
                    } else {
                        skipped++;
                    }
                }
                if (key != null) {
                    long made = pair(rated, context, sink);
                    pairs += made;
                    promptsPaired += made > 0 ? 1 : 0;
                }
            }
        } finally {
            connection.rollback();
        }
        return new Summary(pairs, promptsPaired, prompts, completions, skipped);
    }

    /** The pairs of one prompt: best-rated chosen first, each against the worst-rated rejected first. */
    private long pair(List<Rated> rated, Object[] context, RowSink sink) throws Exception {
        List<Rated> byScore = new ArrayList<>(rated);
        byScore.sort(Comparator.comparingDouble(Rated::score).reversed().thenComparing(Rated::usageId));
        double least = Math.max(settings.margin(), Double.MIN_VALUE);
        long made = 0;
        for (Rated chosen : byScore) {
            for (int i = byScore.size() - 1; i >= 0; i--) {
                Rated rejected = byScore.get(i);
                if (chosen.score() - rejected.score() < least) {
                    break; // the rest are rated closer still
                }
                if (Objects.equals(chosen.completion(), rejected.completion())) {
                    continue; // the same text rated both ways teaches nothing
                }
                sink.write(new Object[] {
                    context[0],
                    chosen.completion(),
                    rejected.completion(),
                    chosen.score(),
                    rejected.score(),
                    chosen.usageId(),
                    rejected.usageId(),
                    context[1],
                    context[2],
                    context[3]
                });
                if (++made == settings.maxPairsPerPrompt()) {
                    return made;
                }
            }
        }
        return made;
    }
}
