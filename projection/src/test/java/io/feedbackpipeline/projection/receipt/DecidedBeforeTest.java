package io.feedbackpipeline.projection.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.merge.Origin;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DecidedBeforeTest {

    private final DecidedBefore decided = new DecidedBefore(Map.of(new TopicPartition("feedback.v1", 1), 100L));

    @Test
    @DisplayName("an event is decided below its partition's committed offset, not at it or past it")
    void belowTheCommittedOffset() {
        assertThat(decided.covers(new Origin("feedback.v1", 1, 0))).isTrue();
        assertThat(decided.covers(new Origin("feedback.v1", 1, 99))).isTrue();
        assertThat(decided.covers(new Origin("feedback.v1", 1, 100)))
                .as("the committed offset is the next record to process")
                .isFalse();
        assertThat(decided.covers(new Origin("feedback.v1", 1, 101))).isFalse();
    }

    @Test
    @DisplayName("a partition or topic without a committed offset, or no group at all, covers nothing")
    void nothingWithoutAnOffset() {
        assertThat(decided.covers(new Origin("feedback.v1", 0, 0))).isFalse();
        assertThat(decided.covers(new Origin("completion-logs.v1", 1, 0))).isFalse();
        assertThat(DecidedBefore.NOTHING.covers(new Origin("feedback.v1", 1, 0)))
                .isFalse();
    }
}
