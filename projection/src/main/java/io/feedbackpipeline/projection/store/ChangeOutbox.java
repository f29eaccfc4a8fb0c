package io.feedbackpipeline.projection.store;

/**
 * The change stream's outbox (V15), as the two writers of its rows name it: the projection's upsert for the changes it
 * commits, and a rebuild's swap for the registers it replaces.
 */
public final class ChangeOutbox {

    /** The start of an insert of outbox rows: the table and its columns, in the order the SELECT must give them. */
    public static final String INSERT_INTO = """
            INSERT INTO feedback_change_outbox (project_id, usage_id, feedback_type_id,
                existed_before, before_flag, before_value, before_comment, before_tag,
                exists_after, after_flag, after_value, after_comment, after_tag,
                occurred_at, event_id, item_index, cause)
            """;

    private ChangeOutbox() {}
}
