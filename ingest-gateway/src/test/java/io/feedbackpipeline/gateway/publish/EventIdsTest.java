package io.feedbackpipeline.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

    @Test
    void areVersion7WithTheirMillisecondFirst() {
        long millis = Instant.parse("2026-12-04T16:00:00.123Z").toEpochMilli();

        UUID id = EventIds.version7(millis);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
        assertThat(id.toString()).startsWith(String.format("%08x-%04x-7", millis >>> 16, millis & 0xFFFF));
    }

    @Test
    void anIdOfALaterMillisecondSortsAfterAsJavaAndPostgreSqlCompareThem() {
        long millis = Instant.parse("2026-12-04T16:00:00Z").toEpochMilli();
        for (int i = 0; i < 10_000; i++) {
            UUID earlier = EventIds.version7(millis);
            UUID later = EventIds.version7(millis + 1);
            assertThat(later).isGreaterThan(earlier);
            // PostgreSQL orders uuids by their unsigned bytes: the text form sorts the same way.
            assertThat(later.toString()).isGreaterThan(earlier.toString());
        }
    }

    @Test
    void aMillionInOneMillisecondAreDistinct() {
        long millis = System.currentTimeMillis();
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < 1_000_000; i++) {
            ids.add(EventIds.version7(millis));
        }
        assertThat(ids).hasSize(1_000_000);
    }
}
