package io.feedbackpipeline.projection.receipt;

import io.feedbackpipeline.merge.Origin;
import java.util.UUID;

/**
 * What the projection decided about one event, recorded in the transaction that decided it (V14): projected, with
 * how many of its items won their register then, or dead-lettered, with the reason.
 *
 * @param items the event's feedback items; 1 for a completion log
 * @param itemsWon for a projected event, how many of its items were written (an item that lost to a later one, in
 *     the same batch or before it, was not); null until the write has counted them, and for a dead letter
 */
public record Receipt(
        UUID eventId,
        UUID projectId,
        Origin origin,
        Outcome outcome,
        int items,
        Integer itemsWon,
        String reason,
        String detail) {

    public enum Outcome {
        PROJECTED("projected"),
        DEAD_LETTERED("dead-lettered");

        private final String wireName;

        Outcome(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public static Receipt projected(UUID eventId, UUID projectId, Origin origin, int items) {
        return new Receipt(eventId, projectId, origin, Outcome.PROJECTED, items, null, null, null);
    }

    public static Receipt deadLettered(
            UUID eventId, UUID projectId, Origin origin, int items, String reason, String detail) {
        return new Receipt(eventId, projectId, origin, Outcome.DEAD_LETTERED, items, null, reason, detail);
    }

    public Receipt won(int written) {
        return new Receipt(eventId, projectId, origin, outcome, items, written, reason, detail);
    }
}
