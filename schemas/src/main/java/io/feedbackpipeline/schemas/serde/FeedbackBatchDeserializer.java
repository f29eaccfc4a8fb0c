package io.feedbackpipeline.schemas.serde;

import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.contract.Topics;

/** For plain Kafka consumer configuration: {@code value.deserializer=...FeedbackBatchDeserializer}. */
public class FeedbackBatchDeserializer extends EventDeserializer<FeedbackBatch> {

    public FeedbackBatchDeserializer() {
        super(Topics.FEEDBACK.valueType());
    }
}
