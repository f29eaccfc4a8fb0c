package io.feedbackpipeline.merge;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/** The version of a completion log event: {@code (emitted_at, event_id)}, in PostgreSQL's order. */
public record LogVersion(Instant emittedAt, UUID eventId) implements Comparable<LogVersion> {

    private static final Comparator<LogVersion> ORDER =
            Comparator.comparing(LogVersion::emittedAt).thenComparing(LogVersion::eventId, Version.POSTGRES_UUID_ORDER);

    @Override
    public int compareTo(LogVersion other) {
        return ORDER.compare(this, other);
    }
}
