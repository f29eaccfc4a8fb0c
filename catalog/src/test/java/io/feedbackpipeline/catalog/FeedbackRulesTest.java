package io.feedbackpipeline.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.catalog.FeedbackRules.Problem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FeedbackRulesTest {

    private static final FeedbackType THUMBS = new FeedbackType(1, null, "positive_rating", FeedbackKind.BOOLEAN,
            null, null);
    private static final FeedbackType SCORE = new FeedbackType(100, null, "score", FeedbackKind.NUMERIC, 1.0, 5.0);
    private static final FeedbackType NOTE = new FeedbackType(101, null, "note", FeedbackKind.TEXT, null, null);

    @Test
    @DisplayName("BOOLEAN needs a flag and takes no value")
    void booleanRules() {
        assertThat(FeedbackRules.checkAgainstType(THUMBS, true, null, "why", "t")).isEmpty();
        assertThat(FeedbackRules.checkAgainstType(THUMBS, null, 2.0, null, null))
                .extracting(Problem::field).containsExactly("flag", "value");
    }

    @Test
    @DisplayName("NUMERIC needs a finite value within the inclusive bounds")
    void numericRules() {
        assertThat(FeedbackRules.checkAgainstType(SCORE, null, 1.0, null, null)).isEmpty();
        assertThat(FeedbackRules.checkAgainstType(SCORE, null, 5.0, null, null)).isEmpty();
        assertThat(FeedbackRules.checkAgainstType(SCORE, null, 5.01, null, null)).extracting(Problem::field)
                .containsExactly("value");
        assertThat(FeedbackRules.checkAgainstType(SCORE, null, Double.NaN, null, null)).extracting(Problem::reason)
                .containsExactly("must be a finite number");
        assertThat(FeedbackRules.checkAgainstType(SCORE, true, null, null, null)).extracting(Problem::field)
                .containsExactly("flag", "value");
    }

    @Test
    @DisplayName("TEXT needs a non-blank comment")
    void textRules() {
        assertThat(FeedbackRules.checkAgainstType(NOTE, null, null, "fine", null)).isEmpty();
        assertThat(FeedbackRules.checkAgainstType(NOTE, null, null, "  ", null)).extracting(Problem::field)
                .containsExactly("comment");
    }

    @Test
    @DisplayName("a tag is at most 120 characters for every kind")
    void tagLength() {
        assertThat(FeedbackRules.checkAgainstType(THUMBS, true, null, null, "x".repeat(120))).isEmpty();
        assertThat(FeedbackRules.checkAgainstType(THUMBS, true, null, null, "x".repeat(121)))
                .extracting(Problem::field).containsExactly("tag");
    }

    @Test
    @DisplayName("a usage_id is required, not blank, and at most 255 characters")
    void usageIdRules() {
        assertThat(FeedbackRules.checkUsageId("04bc3dfa-d1a1-4647-8970-f180a06f6bea")).isEmpty();
        assertThat(FeedbackRules.checkUsageId(null)).hasSize(1);
        assertThat(FeedbackRules.checkUsageId(" ")).hasSize(1);
        assertThat(FeedbackRules.checkUsageId("u".repeat(256))).hasSize(1);
        assertThat(FeedbackRules.checkUsageId("a\u0000b")).hasSize(1);
        assertThat(FeedbackRules.checkUsageId("line\nbreak")).hasSize(1);
    }

    @Test
    @DisplayName("no text may contain U+0000, which PostgreSQL cannot store")
    void nulCharacters() {
        assertThat(FeedbackRules.checkAgainstType(NOTE, null, null, "a\u0000", "t\u0000"))
                .extracting(Problem::field).containsExactly("comment", "tag");
    }
}
