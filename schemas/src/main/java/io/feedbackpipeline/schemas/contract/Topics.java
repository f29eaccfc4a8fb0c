package io.feedbackpipeline.schemas.contract;

import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackChange;
import java.util.List;

/** The topics of the pipeline. Immutable constants: the contract is the same for every producer and consumer. */
public final class Topics {

    /**
     * Feedback batches; the source of truth for replay, so it keeps its data. Key: the Baseplate endpoint id for
     * Baseplate batches, else the usage_id of a single item (keys only spread load; correctness never depends on
     * partitioning).
     */
    public static final TopicContract<FeedbackBatch> FEEDBACK =
            new TopicContract<>("feedback.v1", EventType.of(FeedbackBatch.class));

    /** Completion logs as served by LLM endpoints. Key: the usage_id. */
    public static final TopicContract<CompletionLogged> COMPLETION_LOGS =
            new TopicContract<>("completion-logs.v1", EventType.of(CompletionLogged.class));

    /** The topics the pipeline consumes: each has a dead-letter twin. */
    public static final List<TopicContract<?>> INPUTS = List.of(FEEDBACK, COMPLETION_LOGS);

    /**
     * Every committed change of a feedback register (docs/consuming-changes.md). Key: the usage_id, so one completion's
     * changes stay in order. Written only by the processor's relay; nothing consumes it inside the pipeline.
     */
    public static final TopicContract<FeedbackChange> FEEDBACK_CHANGES =
            new TopicContract<>("feedback-changes.v1", EventType.of(FeedbackChange.class));

    /** Every topic with a contract: the schema registry serves a subject for each. */
    public static final List<TopicContract<?>> CONTRACTS = List.of(FEEDBACK, COMPLETION_LOGS, FEEDBACK_CHANGES);

    private Topics() {}
}
