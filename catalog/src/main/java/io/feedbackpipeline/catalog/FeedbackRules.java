package io.feedbackpipeline.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * What a piece of feedback must look like, the same for the gateway (which refuses it with 400) and the processor
 * (which dead-letters it, since direct producers can send anything).
 */
public final class FeedbackRules {

    public static final int USAGE_ID_MAX_LENGTH = 255;
    public static final int TAG_MAX_LENGTH = 120;
    public static final int COMMENT_MAX_LENGTH = 10_000;
    public static final String NUL_REASON = "must not contain the NUL character (U+0000)";

    /** A broken rule: the field and why. */
    public record Problem(String field, String reason) {}

    private FeedbackRules() {}

    public static List<Problem> checkUsageId(String usageId) {
        if (usageId == null) {
            return List.of(new Problem("usage_id", "is required"));
        }
        if (usageId.isBlank()) {
            return List.of(new Problem("usage_id", "must not be blank"));
        }
        if (usageId.length() > USAGE_ID_MAX_LENGTH) {
            return List.of(new Problem("usage_id", "must be at most " + USAGE_ID_MAX_LENGTH + " characters"));
        }
        if (usageId.chars().anyMatch(Character::isISOControl)) {
            return List.of(new Problem("usage_id", "must not contain control characters"));
        }
        return List.of();
    }

    /** The fields of one item against the kind and bounds of its (existing, visible) type. */
    public static List<Problem> checkAgainstType(FeedbackType type, Boolean flag, Double value, String comment,
            String tag) {
        List<Problem> problems = new ArrayList<>();
        switch (type.kind()) {
            case BOOLEAN -> {
                if (flag == null) {
                    problems.add(new Problem("flag", "is required for BOOLEAN feedback type " + type.name()));
                }
                if (value != null) {
                    problems.add(new Problem("value", "is not allowed for BOOLEAN feedback type " + type.name()));
                }
            }
            case NUMERIC -> {
                if (flag != null) {
                    problems.add(new Problem("flag", "is not allowed for NUMERIC feedback type " + type.name()));
                }
                if (value == null) {
                    problems.add(new Problem("value", "is required for NUMERIC feedback type " + type.name()));
                } else if (!Double.isFinite(value)) {
                    problems.add(new Problem("value", "must be a finite number"));
                } else if ((type.minValue() != null && value < type.minValue())
                        || (type.maxValue() != null && value > type.maxValue())) {
                    problems.add(new Problem("value", "must be within [%s, %s] for feedback type %s"
                            .formatted(bound(type.minValue()), bound(type.maxValue()), type.name())));
                }
            }
            case TEXT -> {
                if (flag != null) {
                    problems.add(new Problem("flag", "is not allowed for TEXT feedback type " + type.name()));
                }
                if (value != null) {
                    problems.add(new Problem("value", "is not allowed for TEXT feedback type " + type.name()));
                }
                if (comment == null || comment.isBlank()) {
                    problems.add(new Problem("comment", "is required for TEXT feedback type " + type.name()));
                }
            }
        }
        if (containsNul(comment)) {
            problems.add(new Problem("comment", NUL_REASON));
        }
        if (containsNul(tag)) {
            problems.add(new Problem("tag", NUL_REASON));
        }
        if (comment != null && comment.length() > COMMENT_MAX_LENGTH) {
            problems.add(new Problem("comment", "must be at most " + COMMENT_MAX_LENGTH + " characters"));
        }
        if (tag != null && tag.length() > TAG_MAX_LENGTH) {
            problems.add(new Problem("tag", "must be at most " + TAG_MAX_LENGTH + " characters, was " + tag.length()));
        }
        return problems;
    }

    /** PostgreSQL text cannot hold U+0000, so no stored text may contain it. */
    public static boolean containsNul(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }

    private static String bound(Double bound) {
        return bound == null ? "unbounded" : bound.toString();
    }
}
