package io.feedbackpipeline.gateway.idempotency;

import java.time.Instant;
import java.util.UUID;

/**
 * The identity an event is published under: its id and the gateway's receive time, which is also the version time
 * of feedback that gives none of its own. A retry with the same Idempotency-Key publishes under the same identity.
 */
public record EventIdentity(UUID eventId, Instant receivedAt) {

    /** What a fingerprint is computed under, so that it depends on the request's content only. */
    public static final EventIdentity PLACEHOLDER = new EventIdentity(new UUID(0, 0), Instant.EPOCH);
}
