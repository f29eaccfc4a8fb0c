package io.feedbackpipeline.merge;

import java.util.Comparator;
import java.util.UUID;

/** One feedback register: a project's feedback of one type on one completion log. */
public record RegisterKey(UUID projectId, String usageId, int feedbackTypeId) implements Comparable<RegisterKey> {

    private static final Comparator<RegisterKey> ORDER = Comparator.comparing(RegisterKey::projectId)
            .thenComparing(RegisterKey::usageId)
            .thenComparingInt(RegisterKey::feedbackTypeId);

    /** Sorting writes by key makes concurrent transactions lock rows in the same order (no deadlocks). */
    @Override
    public int compareTo(RegisterKey other) {
        return ORDER.compare(this, other);
    }
}
