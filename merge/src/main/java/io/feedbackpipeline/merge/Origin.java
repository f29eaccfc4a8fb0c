package io.feedbackpipeline.merge;

import java.util.Comparator;

/**
 * Where a record was read. When the same item arrives twice (a producer retry, a redelivery, a replay), both
 * copies have the same version; the copy with the lowest origin is kept, so even the stored origin does not
 * depend on the order of arrival.
 */
public record Origin(String topic, int partition, long offset) implements Comparable<Origin> {

    private static final Comparator<Origin> ORDER = Comparator.comparing(Origin::topic)
            .thenComparingInt(Origin::partition)
            .thenComparingLong(Origin::offset);

    @Override
    public int compareTo(Origin other) {
        return ORDER.compare(this, other);
    }
}
