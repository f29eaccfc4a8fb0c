package io.feedbackpipeline.projection.intake;

/** Why a record cannot be projected: a stable reason code and a sentence for the operator. */
public record Rejection(String reason, String detail, String exceptionClass) {

    /** The bytes are not an event: in neither framing, truncated, corrupt. */
    public static final String UNDECODABLE = "undecodable";
    /** Names a schema nobody knows: a fingerprint this build does not bundle, an id the registry does not know. */
    public static final String UNKNOWN_SCHEMA = "unknown-schema";
    /** Names a registered schema that cannot be read as the topic's event (Avro schema resolution fails). */
    public static final String INCOMPATIBLE_SCHEMA = "incompatible-schema";
    /** Decoded, but breaks the event rules (unknown type, a 121-character tag, ...). */
    public static final String INVALID_EVENT = "invalid-event";
    /** Valid, but the database refused it for its data (SQLState class 22 or 23). */
    public static final String PROJECTION_REJECTED = "projection-rejected";
    /** Larger than any record the processor takes into a transaction; its value is not copied to the DLT. */
    public static final String TOO_LARGE = "too-large";

    static Rejection invalid(String detail) {
        return new Rejection(INVALID_EVENT, detail, InvalidEvent.class.getName());
    }

    /** Marks validation failures in the exception header, as there is no thrown exception for them. */
    static final class InvalidEvent {
        private InvalidEvent() {}
    }
}
