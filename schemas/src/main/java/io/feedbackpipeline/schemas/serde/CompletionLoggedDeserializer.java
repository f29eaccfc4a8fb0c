package io.feedbackpipeline.schemas.serde;

import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.contract.Topics;

/** For plain Kafka consumer configuration: {@code value.deserializer=...CompletionLoggedDeserializer}. */
public class CompletionLoggedDeserializer extends EventDeserializer<CompletionLogged> {

    public CompletionLoggedDeserializer() {
        super(Topics.COMPLETION_LOGS.valueType());
    }
}
