package io.feedbackpipeline.jsoncontract;

import java.time.Instant;

/**
 * One piece of feedback as any of the APIs received it. {@code occurredAt} null means "when the gateway received
 * it", which is what Baseplate and Paradigm imply.
 */
public record FeedbackInput(
        String usageId,
        Integer feedbackTypeId,
        Boolean flag,
        Double value,
        String comment,
        String tag,
        Instant occurredAt) {

    /** An item that did not parse has no usage_id or type; its problems are reported and it is left out. */
    public boolean parsed() {
        return usageId != null && feedbackTypeId != null;
    }
}
