package io.feedbackpipeline.schemas.contract;

import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackBatch;
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

    public static final List<TopicContract<?>> ALL = List.of(FEEDBACK, COMPLETION_LOGS);

    private Topics() {}
}
