package io.feedbackpipeline.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class VersionTest {

    private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    @DisplayName("uuids compare as unsigned bytes, like PostgreSQL, not as signed longs like UUID.compareTo")
    void uuidOrderIsUnsigned() {
        UUID low = UUID.fromString("7fffffff-ffff-4fff-bfff-ffffffffffff");
        UUID high = UUID.fromString("80000000-0000-4000-8000-000000000000");

        assertThat(low.compareTo(high)).as("java.util.UUID disagrees").isPositive();
        assertThat(new Version(AT, low, 0)).isLessThan(new Version(AT, high, 0));
    }

    @Test
    @DisplayName("time first, then event id, then item index")
    void fieldPrecedence() {
        UUID a = UUID.fromString("00000000-0000-4000-8000-000000000001");
        UUID b = UUID.fromString("00000000-0000-4000-8000-000000000002");

        assertThat(new Version(AT.plusNanos(1_000), a, 0)).isGreaterThan(new Version(AT, b, 9));
        assertThat(new Version(AT, b, 0)).isGreaterThan(new Version(AT, a, 9));
        assertThat(new Version(AT, a, 2)).isGreaterThan(new Version(AT, a, 1));
    }
}
