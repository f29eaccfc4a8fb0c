package io.feedbackpipeline.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.catalog.FeedbackRules.Problem;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FeedbackRulesTest {

    private static final FeedbackType THUMBS =
            new FeedbackType(1, null, "positive_rating", FeedbackKind.BOOLEAN, null, null);
    private static final FeedbackType SCORE = new FeedbackType(100, null, "score", FeedbackKind.NUMERIC, 1.0, 5.0);
    private static final FeedbackType NOTE = new FeedbackType(101, null, "note", FeedbackKind.TEXT, null, null);

    @Test
    @DisplayName("BOOLEAN needs a flag and takes no value")
    void booleanRules() {
        assertThat(FeedbackRules.checkAgainstType(THUMBS, true, null, "why", "t"))
                .isEmpty();
        assertThat(FeedbackRules.checkAgainstType(THUMBS, null, 2.0, null, null))
                .extracting(Problem::field)
                .containsExactly("flag", "value");
    }

    @Test
    @DisplayName("NUMERIC needs a finite value within the inclusive bounds")
    void numericRules() {
        assertThat(FeedbackRules.checkAgainstType(SCORE, null, 1.0, null, null)).isEmpty();
        assertThat(FeedbackRules.checkAgainstType(SCORE, null, 5.0, null, null)).isEmpty();
        assertThat(FeedbackRules.checkAgainstType(SCORE, null, 5.01, null, null))
                .extracting(Problem::field)
                .containsExactly("value");
        assertThat(FeedbackRules.checkAgainstType(SCORE, null, Double.NaN, null, null))
                .extracting(Problem::reason)
                .containsExactly("must be a finite number");
        assertThat(FeedbackRules.checkAgainstType(SCORE, true, null, null, null))
                .extracting(Problem::field)
                .containsExactly("flag", "value");
    }

    @Test
    @DisplayName("TEXT needs a non-blank comment")
    void textRules() {
        assertThat(FeedbackRules.checkAgainstType(NOTE, null, null, "fine", null))
                .isEmpty();
        assertThat(FeedbackRules.checkAgainstType(NOTE, null, null, "  ", null))
                .extracting(Problem::field)
                .containsExactly("comment");
    }

    @Test
    @DisplayName("a tag is at most 120 characters for every kind")
    void tagLength() {
        assertThat(FeedbackRules.checkAgainstType(THUMBS, true, null, null, "x".repeat(120)))
                .isEmpty();
        assertThat(FeedbackRules.checkAgainstType(THUMBS, true, null, null, "x".repeat(121)))
                .extracting(Problem::field)
                .containsExactly("tag");
    }

    @Test
    @DisplayName("a usage_id is required, not blank, and at most 255 characters")
    void usageIdRules() {
        assertThat(FeedbackRules.checkUsageId("04bc3dfa-d1a1-4647-8970-f180a06f6bea"))
                .isEmpty();
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
                .extracting(Problem::field)
                .containsExactly("comment", "tag");
    }

    @Test
    @DisplayName("lengths count code points: 120 emoji are a valid tag, 121 are not")
    void lengthsInCodePoints() {
        String emoji = "\uD83D\uDC4D"; // one character, two UTF-16 units
        assertThat(FeedbackRules.checkAgainstType(THUMBS, true, null, null, emoji.repeat(120)))
                .isEmpty();
        assertThat(FeedbackRules.checkAgainstType(THUMBS, true, null, null, emoji.repeat(121)))
                .extracting(Problem::reason)
                .containsExactly("must be at most 120 characters, was 121");
        assertThat(FeedbackRules.checkUsageId(emoji.repeat(255))).isEmpty();
        assertThat(FeedbackRules.checkUsageId(emoji.repeat(256))).hasSize(1);
    }

    @Test
    @DisplayName("an unpaired surrogate is not text: it would be replaced when encoded as UTF-8")
    void unpairedSurrogates() {
        assertThat(FeedbackRules.checkText("tag", "a\uD800", 120))
                .extracting(Problem::reason)
                .containsExactly("must be valid Unicode (it has an unpaired surrogate)");
        assertThat(FeedbackRules.checkText("tag", "\uDC00a", 120)).hasSize(1);
        assertThat(FeedbackRules.checkText("tag", "\uD83D\uDC4D", 120)).isEmpty();
    }

    @Test
    @DisplayName("instants must lie in years 1 to 9999; feedback may not be dated after its receipt plus skew")
    void instants() {
        Instant received = Instant.parse("2026-11-22T10:00:00Z");
        assertThat(FeedbackRules.checkInstant("at", Instant.parse("0001-01-01T00:00:00Z")))
                .isEmpty();
        assertThat(FeedbackRules.checkInstant("at", Instant.parse("9999-12-31T23:59:59.999999Z")))
                .isEmpty();
        assertThat(FeedbackRules.checkInstant("at", Instant.parse("+10000-01-01T00:00:00Z")))
                .hasSize(1);
        assertThat(FeedbackRules.checkInstant("at", Instant.parse("0000-12-31T23:59:59Z")))
                .hasSize(1);
        assertThat(FeedbackRules.checkOccurredAt(received.plusSeconds(300), received))
                .isEmpty();
        assertThat(FeedbackRules.checkOccurredAt(received.plusSeconds(301), received))
                .extracting(Problem::field)
                .containsExactly("occurred_at");
    }
}
