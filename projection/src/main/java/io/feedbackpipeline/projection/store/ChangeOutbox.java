package io.feedbackpipeline.projection.store;

/**
 * The change stream's two tables, as their writers name them: the projection's upsert writes a batch row (V17) of
 * the changes each statement commits; a rebuild writes an outbox row (V15) per register its swap replaces (into a
 * table of its own that the swap attaches).
 */
public final class ChangeOutbox {

    public static final String TABLE = "feedback_change_outbox";

    /** The columns a writer gives, in the order its SELECT must give them; {@code id} and {@code committed_at} apart. */
    public static final String COLUMNS = """
            project_id, usage_id, feedback_type_id,
                existed_before, before_flag, before_value, before_comment, before_tag,
                exists_after, after_flag, after_value, after_comment, after_tag,
                occurred_at, event_id, item_index, cause""";

    /** The projection's changes, a row per statement holding them as arrays (V17). */
    public static final String BATCHES = "feedback_change_batches";

    /** The columns of a batch, each an array; {@code id} and {@code committed_at} apart. */
    public static final String BATCH_COLUMNS = """
            project_id, usage_id, feedback_type_id,
                existed_before, before_flag, before_value, before_comment, before_tag,
                after_flag, after_value, after_comment, after_tag,
                occurred_at, event_id, item_index""";

    /** The start of an insert of a batch row: the table and its columns. */
    public static final String INSERT_BATCH = "INSERT INTO " + BATCHES + " (" + BATCH_COLUMNS + ")\n";

    private ChangeOutbox() {}
}
