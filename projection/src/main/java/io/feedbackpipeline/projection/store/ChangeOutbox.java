package io.feedbackpipeline.projection.store;

/**
 * The change stream's outbox (V15), as the two writers of its rows name it: the projection's upsert for the changes it
 * commits, and a rebuild for the registers its swap replaces (into a table of its own that the swap attaches).
 */
public final class ChangeOutbox {

    public static final String TABLE = "feedback_change_outbox";

    /** The columns a writer gives, in the order its SELECT must give them; {@code id} and {@code committed_at} apart. */
    public static final String COLUMNS = """
            project_id, usage_id, feedback_type_id,
                existed_before, before_flag, before_value, before_comment, before_tag,
                exists_after, after_flag, after_value, after_comment, after_tag,
                occurred_at, event_id, item_index, cause""";

    /** The start of an insert of outbox rows: the table and its columns. */
    public static final String INSERT_INTO = "INSERT INTO " + TABLE + " (" + COLUMNS + ")\n";

    private ChangeOutbox() {}
}
