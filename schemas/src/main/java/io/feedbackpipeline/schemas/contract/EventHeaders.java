package io.feedbackpipeline.schemas.contract;

/**
 * Headers the gateway puts on every event it publishes, as UTF-8 text, so that a consumer, an operator or a tool
 * can trace a record without decoding it. Direct producers may set them too; nothing depends on their presence.
 */
public final class EventHeaders {

    /** The HTTP request's id (its {@code X-Request-Id}, or one the gateway made). */
    public static final String REQUEST_ID = "request-id";
    /** The event's id, as in its body; the same on a retry with an Idempotency-Key. */
    public static final String EVENT_ID = "event-id";
    /** Which API the feedback came through ({@code FeedbackSource}). */
    public static final String SOURCE = "source";

    private EventHeaders() {}
}
