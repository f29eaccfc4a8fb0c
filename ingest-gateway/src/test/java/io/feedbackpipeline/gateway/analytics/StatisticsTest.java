package io.feedbackpipeline.gateway.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.catalog.FeedbackType;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StatisticsTest {

    private static final FeedbackType THUMBS = new FeedbackType(1, null, "thumbs", FeedbackKind.BOOLEAN, null, null);
    private static final FeedbackType SCORE = new FeedbackType(9, null, "score", FeedbackKind.NUMERIC, 0.0, 1.0);

    @Test
    @DisplayName("Wilson's interval stays inside [0, 1] at the extremes and is wide when n is small")
    void wilsonAtTheExtremes() {
        assertThat(Statistics.wilson(0, 5)[0]).isZero();
        assertThat(Statistics.wilson(0, 5)[1]).isCloseTo(0.4345, within(1e-4));
        assertThat(Statistics.wilson(5, 5)[1]).isEqualTo(1.0);
        assertThat(Statistics.wilson(1, 1)[0]).isCloseTo(0.2065, within(1e-4));
        double[] many = Statistics.wilson(5_000, 10_000);
        assertThat(many[1] - many[0]).isLessThan(0.02);
    }

    @Test
    @DisplayName("a BOOLEAN group without flags has zero positives and no ratio")
    void booleanWithoutFlags() {
        Statistics statistics = new Statistics();
        statistics.add(cell(null, null, "tag", 3));

        AnalyticsAnswer.Stats stats = statistics.of(THUMBS);

        assertThat(stats.count()).isEqualTo(3);
        assertThat(stats.positive()).isZero();
        assertThat(stats.positiveRatio()).isNull();
    }

    @Test
    @DisplayName("continuous values fall in ten equal buckets over the type's bounds, the maximum in the last")
    void continuousDistribution() {
        Statistics statistics = new Statistics();
        statistics.add(cell(null, 0.0, null, 1));
        statistics.add(cell(null, 0.55, null, 2));
        statistics.add(cell(null, 1.0, null, 1));

        AnalyticsAnswer.Stats stats = statistics.of(SCORE);

        assertThat(stats.distribution()).hasSize(10);
        assertThat(stats.distribution().get(0).count()).isEqualTo(1);
        assertThat(stats.distribution().get(5).count()).isEqualTo(2);
        assertThat(stats.distribution().get(9).count()).isEqualTo(1);
        assertThat(stats.mean()).isCloseTo(0.525, within(1e-9));
    }

    private static Cell cell(Boolean flag, Double value, String tag, long registers) {
        return new Cell(Instant.EPOCH, null, null, null, tag, 1, flag, value, registers);
    }
}
