package io.feedbackpipeline.gateway.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedbackpipeline.jsoncontract.InvalidRequestException;
import io.feedbackpipeline.jsoncontract.Violations;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AnalyticsQueryTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:17:00Z");

    @Test
    @DisplayName("by default the last 24 hours in hour buckets, widened to whole hours")
    void defaults() {
        AnalyticsQuery query = parse(Map.of());

        assertThat(query.from()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-12-03T11:00:00Z"));
        assertThat(query.bucket()).isEqualTo(Bucket.HOUR);
        assertThat(FeedbackCells.rollupCanAnswer(query)).isTrue();
    }

    @Test
    @DisplayName("weeks start on Monday in the zone asked for")
    void weeksInAZone() {
        AnalyticsQuery query = parse(Map.of(
                "from",
                "2026-12-03T10:00:00Z",
                "to",
                "2026-12-04T00:00:00Z",
                "bucket",
                "week",
                "time_zone",
                "America/New_York"));

        assertThat(query.from()).isEqualTo(Instant.parse("2026-11-30T05:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-12-07T05:00:00Z"));
    }

    @Test
    @DisplayName("the rollup answers only what its hours and grouping sets hold")
    void whereTheRollupAnswers() {
        assertThat(FeedbackCells.rollupCanAnswer(parse(Map.of("bucket", "minute"))))
                .isFalse();
        assertThat(FeedbackCells.rollupCanAnswer(parse(Map.of("time_basis", "completion"))))
                .isFalse();
        assertThat(FeedbackCells.rollupCanAnswer(parse(Map.of("time_zone", "Asia/Kolkata"))))
                .isFalse();
        assertThat(FeedbackCells.rollupCanAnswer(parse(Map.of("value_key", "k", "value", "v"))))
                .isFalse();
        assertThat(FeedbackCells.rollupCanAnswer(parse(Map.of("group_by", "model,endpoint,template"))))
                .isFalse();
        assertThat(FeedbackCells.rollupCanAnswer(parse(Map.of("group_by", "model,tag", "template_id", "t"))))
                .isTrue();
    }

    @Test
    @DisplayName("every bad parameter is reported at once")
    void everyProblemAtOnce() {
        assertThatThrownBy(() -> parse(Map.of("bucket", "year", "time_zone", "Nowhere/Land", "to", "soon")))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.violations())
                                .extracting(v -> v.field())
                                .containsExactlyInAnyOrder("bucket", "time_zone", "to"));
    }

    private static AnalyticsQuery parse(Map<String, String> parameters) {
        return AnalyticsQuery.parse(parameters::get, NOW, new Violations());
    }
}
