package io.feedbackpipeline.catalog;

import java.util.UUID;

/**
 * A kind of feedback projects can give. {@code projectId} is null for built-in types, which every project sees;
 * bounds apply to NUMERIC types only and are inclusive.
 */
public record FeedbackType(int id, UUID projectId, String name, FeedbackKind kind, Double minValue, Double maxValue) {

    /** Built-in type 1: Baseplate's positive_rating, projected into completion_log.positive_rating. */
    public static final int POSITIVE_RATING = 1;

    public boolean isVisibleTo(UUID project) {
        return projectId == null || projectId.equals(project);
    }
}
