package io.feedbackpipeline.processor.intake;

/** Why a record cannot be projected: a stable reason code and a sentence for the operator. */
public record Rejection(String reason, String detail, String exceptionClass) {

    public static final String UNDECODABLE = "undecodable";
    public static final String UNKNOWN_SCHEMA = "unknown-schema";
    public static final String INVALID_EVENT = "invalid-event";
    public static final String PROJECTION_REJECTED = "projection-rejected";

    static Rejection invalid(String detail) {
        return new Rejection(INVALID_EVENT, detail, InvalidEvent.class.getName());
    }

    /** Marks validation failures in the exception header, as there is no thrown exception for them. */
    static final class InvalidEvent {
        private InvalidEvent() {}
    }
}
