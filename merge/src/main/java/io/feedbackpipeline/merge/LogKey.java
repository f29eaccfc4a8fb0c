package io.feedbackpipeline.merge;

import java.util.Comparator;
import java.util.UUID;

/** A project's completion log. Feedback of project A on project B's usage_id has another key than B's log. */
public record LogKey(UUID projectId, String usageId) implements Comparable<LogKey> {

    private static final Comparator<LogKey> ORDER =
            Comparator.comparing(LogKey::projectId).thenComparing(LogKey::usageId);

    public static LogKey of(RegisterKey register) {
        return new LogKey(register.projectId(), register.usageId());
    }

    @Override
    public int compareTo(LogKey other) {
        return ORDER.compare(this, other);
    }
}
