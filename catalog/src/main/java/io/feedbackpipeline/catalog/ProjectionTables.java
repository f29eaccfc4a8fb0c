package io.feedbackpipeline.catalog;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The tables a projection writes: the live ones, or the shadow tables a rebuild fills before it swaps them in.
 * Everything that reads or writes the projection names its tables through this record, so a rename is one change.
 */
public record ProjectionTables(String feedback, String log, String rollup, String rollupDirty) {

    public static final ProjectionTables LIVE =
            new ProjectionTables("completion_feedback", "completion_log", "feedback_rollup", "feedback_rollup_dirty");
    public static final ProjectionTables SHADOW = new ProjectionTables(
            "completion_feedback_rebuild",
            "completion_log_rebuild",
            "feedback_rollup_rebuild",
            "feedback_rollup_dirty_rebuild");
    /** What a rebuild's swap renames the live tables to, until it drops them. */
    public static final ProjectionTables RETIRED = new ProjectionTables(
            "completion_feedback_old", "completion_log_old", "feedback_rollup_old", "feedback_rollup_dirty_old");

    /**
     * A register's version columns, in the order of {@code merge.Version}: the SQL guards compare them as a row
     * value, and VersionOrderIT proves that PostgreSQL's order and the Java order agree.
     */
    private static final List<String> FEEDBACK_VERSION = List.of("occurred_at", "event_id", "item_index");

    /** A feedback register's key, the feedback table's primary key. */
    private static final List<String> FEEDBACK_KEY = List.of("project_id", "usage_id", "feedback_type_id");

    /** A completion log's version columns, in the order of {@code merge.LogVersion}. */
    private static final List<String> LOG_VERSION = List.of("log_emitted_at", "log_event_id");

    /**
     * The channel the processor NOTIFYs in every transaction that changed feedback rows, delivered at commit; the
     * gateway LISTENs on it to wake read-your-writes waiters instead of polling.
     */
    public static final String PROJECTED_CHANNEL = "feedback_projected";

    /** A feedback register's version as a row value of the table or row called {@code alias}. */
    public static String feedbackVersion(String alias) {
        return rowValue(alias, FEEDBACK_VERSION);
    }

    /** A feedback register's key as a row value of the table or row called {@code alias}. */
    public static String feedbackKey(String alias) {
        return rowValue(alias, FEEDBACK_KEY);
    }

    /** A completion log's version as a row value of the table or row called {@code alias}. */
    public static String logVersion(String alias) {
        return rowValue(alias, LOG_VERSION);
    }

    private static String rowValue(String alias, List<String> columns) {
        return columns.stream().map(column -> alias + "." + column).collect(Collectors.joining(", ", "(", ")"));
    }

    /** Every table of the projection, in one order for all three sets, so a rebuild can pair them. */
    public List<String> all() {
        return List.of(feedback, log, rollup, rollupDirty);
    }

    /** Replaces {@code {feedback}}, {@code {log}}, {@code {rollup}} and {@code {dirty}} in a SQL template. */
    public String apply(String sqlTemplate) {
        return sqlTemplate
                .replace("{feedback}", feedback)
                .replace("{log}", log)
                .replace("{rollup}", rollup)
                .replace("{dirty}", rollupDirty);
    }
}
