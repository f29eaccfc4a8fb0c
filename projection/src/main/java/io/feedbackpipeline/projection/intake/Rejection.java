package io.feedbackpipeline.projection.intake;

import io.feedbackpipeline.schemas.contract.DeadLetterReason;

/** Why a record cannot be projected: a stable reason and a sentence for the operator. */
public record Rejection(DeadLetterReason reason, String detail, String exceptionClass) {

    static Rejection invalid(String detail) {
        return new Rejection(DeadLetterReason.INVALID_EVENT, detail, InvalidEvent.class.getName());
    }

    /** Marks validation failures in the exception header, as there is no thrown exception for them. */
    static final class InvalidEvent {
        private InvalidEvent() {}
    }
}
