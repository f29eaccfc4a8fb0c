package io.feedbackpipeline.schemas.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a record was dead-lettered, as {@link DeadLetterHeaders#REASON} carries it: a short, stable code operators and
 * tools filter on. A closed set: every reason the processor gives is one of these.
 */
public enum DeadLetterReason {
    /** The bytes are not an event: in neither framing, truncated, corrupt. */
    UNDECODABLE("undecodable"),
    /** Names a schema nobody knows: a fingerprint this build does not bundle, an id no registry knows. */
    UNKNOWN_SCHEMA("unknown-schema"),
    /** Names a schema that cannot be read as the topic's event (Avro refuses it, or schema resolution fails). */
    INCOMPATIBLE_SCHEMA("incompatible-schema"),
    /** Decoded, but breaks the event rules (unknown type, a 121-character tag, ...). */
    INVALID_EVENT("invalid-event"),
    /** Valid, but the database refused it for its data (SQLState class 22 or 23). */
    PROJECTION_REJECTED("projection-rejected"),
    /** Larger than any record the processor takes into a transaction; its value is not copied to the DLT. */
    TOO_LARGE("too-large");

    private final String wireName;

    DeadLetterReason(String wireName) {
        this.wireName = wireName;
    }

    /** As the header carries it. */
    public String wireName() {
        return wireName;
    }

    public static Optional<DeadLetterReason> fromWireName(String text) {
        return Arrays.stream(values())
                .filter(reason -> reason.wireName.equals(text))
                .findFirst();
    }
}
