package io.feedbackpipeline.catalog;

/** What a feedback type records, and so which field its feedback must carry. */
public enum FeedbackKind {
    /** A thumbs up/down: {@code flag}. */
    BOOLEAN,
    /** A score: a finite {@code value}, within the type's bounds when it has them. */
    NUMERIC,
    /** A free-text answer: a non-blank {@code comment}. */
    TEXT
}
