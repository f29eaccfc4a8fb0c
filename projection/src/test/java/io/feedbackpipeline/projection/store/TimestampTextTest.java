package io.feedbackpipeline.projection.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TimestampTextTest {

    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    @Test
    @DisplayName("the text of an instant of years 1-9999 reads back as the same instant, micro- or nanosecond")
    void readsBackAsTheSameInstant() {
        SplittableRandom random = new SplittableRandom(20261124);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(
                    random.nextLong(FIRST.getEpochSecond(), LAST.getEpochSecond() + 1), random.nextInt(1_000_000_000));
            if (i % 2 == 0) {
                instant = instant.truncatedTo(ChronoUnit.MICROS); // what the Avro contract carries
            }
            assertThat(Instant.parse(TimestampText.of(instant))).isEqualTo(instant);
        }
    }

    @Test
    @DisplayName("the same text as Instant.toString at the edges, and Instant.toString outside years 1-9999")
    void edges() {
        for (String text : new String[] {
            "0001-01-01T00:00:00Z",
            "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59.000001Z",
            "2026-11-24T07:21:24.123456Z",
            "2026-11-24T07:21:24.100Z",
            "2026-11-24T07:21:24.123456789Z",
            "9999-12-31T23:59:59.999999Z",
            "+10000-01-01T00:00:00Z",
            "-0001-12-31T00:00:00Z"
        }) {
            Instant instant = Instant.parse(text);
            assertThat(Instant.parse(TimestampText.of(instant))).isEqualTo(instant);
        }
        assertThat(TimestampText.of(Instant.parse("2026-11-24T07:21:24.123456Z")))
                .isEqualTo("2026-11-24T07:21:24.123456Z");
        assertThat(TimestampText.of(Instant.parse("0001-01-01T00:00:00Z"))).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(TimestampText.of(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("+10000-01-01T00:00:00Z");
    }
}
