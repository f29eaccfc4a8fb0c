package io.feedbackpipeline.merge;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * The version of a feedback item: {@code (occurred_at, event_id, item index)}, totally ordered. A register keeps the
 * item with the greatest version: last write wins by the feedback's own time, ties broken by event and position.
 *
 * <p>The order is PostgreSQL's row comparison of {@code (timestamptz, uuid, integer)}. PostgreSQL compares uuids
 * as unsigned bytes, while {@link UUID#compareTo} compares signed longs, so uuids are compared here as two
 * unsigned longs. The projection's SQL guard and this class must agree (a test checks it on a real database).
 */
public record Version(Instant occurredAt, UUID eventId, int itemIndex) implements Comparable<Version> {

    static final Comparator<UUID> POSTGRES_UUID_ORDER = (a, b) -> {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    @Override
    public int compareTo(Version other) {
        int byTime = occurredAt.compareTo(other.occurredAt);
        if (byTime != 0) {
            return byTime;
        }
        int byEvent = POSTGRES_UUID_ORDER.compare(eventId, other.eventId);
        return byEvent != 0 ? byEvent : Integer.compare(itemIndex, other.itemIndex);
    }
}
