package io.feedbackpipeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The A/B runs' order: as many on as off, and a drift that grows steadily through the runs favours neither. */
class AbOrderTest {

    @Test
    void offOnOnOffThenAgain() {
        assertThat(IntStream.range(0, 8).mapToObj(Suite::onInRun))
                .containsExactly(false, true, true, false, false, true, true, false);
    }

    @Test
    void aLinearDriftCancelsOverEveryFourRuns() {
        for (int pairs = 2; pairs <= 8; pairs += 2) {
            double on = 0;
            double off = 0;
            for (int run = 0; run < 2 * pairs; run++) {
                double drift = run; // a run slower by one unit than the one before it
                if (Suite.onInRun(run)) {
                    on += drift;
                } else {
                    off += drift;
                }
            }
            assertThat(on).as("%d pairs", pairs).isEqualTo(off);
        }
    }
}
