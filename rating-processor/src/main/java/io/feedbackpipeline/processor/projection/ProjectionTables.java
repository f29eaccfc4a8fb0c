package io.feedbackpipeline.processor.projection;

/**
 * The tables a projection writes: the live ones, or the shadow tables a rebuild fills before it swaps them in.
 */
public record ProjectionTables(String feedback, String log) {

    public static final ProjectionTables LIVE = new ProjectionTables("completion_feedback", "completion_log");
    public static final ProjectionTables SHADOW =
            new ProjectionTables("completion_feedback_rebuild", "completion_log_rebuild");

    String apply(String sqlTemplate) {
        return sqlTemplate.replace("{feedback}", feedback).replace("{log}", log);
    }
}
