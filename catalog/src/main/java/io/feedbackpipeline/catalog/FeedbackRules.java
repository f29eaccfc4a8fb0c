package io.feedbackpipeline.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The field rules every stored value must satisfy. They are the one rule set of the pipeline: the gateway refuses a
 * request that breaks one (400) and the processor dead-letters an event that does (direct producers can send
 * anything), so whatever the gateway accepts, the processor and the database accept too.
 *
 * <p>Lengths count Unicode code points, as PostgreSQL's {@code length()} in the tables' CHECKs does, never UTF-16
 * units. Text must be well-formed Unicode without U+0000 (PostgreSQL text cannot hold it, and an unpaired surrogate
 * would be silently replaced when encoded as UTF-8). Instants must lie within years 1 to 9999, which Avro's
 * timestamp-micros, PostgreSQL's timestamptz and ISO-8601 without a sign all hold.
 */
public final class FeedbackRules {

    public static final int USAGE_ID_MAX_LENGTH = 255;
    public static final int TAG_MAX_LENGTH = 120;
    public static final int COMMENT_MAX_LENGTH = 10_000;
    /** user_id, openai_name, template_id and the keys of a log's values. */
    public static final int SHORT_TEXT_MAX_LENGTH = 255;
    /** prompt, completion and the values of a log's values. */
    public static final int LONG_TEXT_MAX_LENGTH = 1_000_000;
    /** The most feedback items one event may carry; the gateway's per-request limit is at most this. */
    public static final int MAX_BATCH_ITEMS = 100_000;
    /** How far a feedback's own time may lie after its batch was received (clock skew between machines). */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    public static final Instant EARLIEST_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");

    public static final String NUL_REASON = "must not contain the NUL character (U+0000)";
    static final String SURROGATE_REASON = "must be valid Unicode (it has an unpaired surrogate)";

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
        if (hasControlCharacter(usageId)) {
            return List.of(new Problem("usage_id", "must not contain control characters"));
        }
        return checkText("usage_id", usageId, USAGE_ID_MAX_LENGTH);
    }

    /** A loop, not a stream: this runs for every item the processor reads. */
    private static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A stored text: well-formed, without NUL, at most {@code maxLength} code points. Null passes (optional fields
     * are checked for presence elsewhere).
     */
    public static List<Problem> checkText(String field, String text, int maxLength) {
        if (text == null) {
            return List.of();
        }
        if (containsNul(text)) {
            return List.of(new Problem(field, NUL_REASON));
        }
        if (hasUnpairedSurrogate(text)) {
            return List.of(new Problem(field, SURROGATE_REASON));
        }
        int length = length(text);
        if (length > maxLength) {
            return List.of(new Problem(field, "must be at most %d characters, was %d".formatted(maxLength, length)));
        }
        return List.of();
    }

    /** A project's or endpoint's name, as the catalog's CHECK allows it. */
    public static final int NAME_MAX_LENGTH = 200;
    /** A feedback type's name. */
    public static final int TYPE_NAME_MAX_LENGTH = 120;

    /**
     * A catalog name (project, endpoint, key, feedback type): not blank, at most {@code maxLength} characters, and no
     * control or invisible format character. Names are shown to operators in terminals and pages, where an escape
     * sequence or a direction override could rewrite the screen or make one name read as another.
     */
    public static List<Problem> checkName(String field, String name, int maxLength) {
        if (name == null || name.isBlank()) {
            return List.of(new Problem(field, "must not be blank"));
        }
        for (int i = 0; i < name.length(); i++) {
            if (isControlOrFormat(name.charAt(i))) {
                return List.of(new Problem(
                        field, "must not contain control or invisible format characters (found U+%04X)".formatted((int)
                                        name.charAt(i))));
            }
        }
        return checkText(field, name, maxLength);
    }

    /** C0 and C1 controls, DEL, and invisible or direction-changing format marks. */
    public static boolean isControlOrFormat(char c) {
        return Character.isISOControl(c)
                || (c >= '\u200b' && c <= '\u200f')
                || (c >= '\u202a' && c <= '\u202e')
                || (c >= '\u2060' && c <= '\u2069')
                || c == '\ufeff';
    }

    /** An instant that every store of the pipeline can hold. */
    public static List<Problem> checkInstant(String field, Instant instant) {
        if (instant != null && (instant.isBefore(EARLIEST_INSTANT) || instant.isAfter(LATEST_INSTANT))) {
            return List.of(new Problem(field, "must be between %s and %s".formatted(EARLIEST_INSTANT, LATEST_INSTANT)));
        }
        return List.of();
    }

    /** A feedback's own time: a storable instant, not later than its batch's receive time plus clock skew. */
    public static List<Problem> checkOccurredAt(Instant occurredAt, Instant receivedAt) {
        List<Problem> range = checkInstant("occurred_at", occurredAt);
        if (!range.isEmpty()) {
            return range;
        }
        if (occurredAt != null && receivedAt != null && occurredAt.isAfter(receivedAt.plus(CLOCK_SKEW))) {
            return List.of(new Problem(
                    "occurred_at",
                    "must not be in the future (more than " + CLOCK_SKEW.toMinutes()
                            + " minutes after the feedback was received)"));
        }
        return List.of();
    }

    public static List<Problem> checkFinite(String field, Double number) {
        if (number != null && !Double.isFinite(number)) {
            return List.of(new Problem(field, "must be a finite number"));
        }
        return List.of();
    }

    /** The fields of one item against the kind and bounds of its (existing, visible) type. */
    public static List<Problem> checkAgainstType(
            FeedbackType type, Boolean flag, Double value, String comment, String tag) {
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
                    problems.add(new Problem(
                            "value",
                            "must be within [%s, %s] for feedback type %s"
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
        if (value != null && type.kind() != FeedbackKind.NUMERIC) {
            problems.addAll(checkFinite("value", value));
        }
        problems.addAll(checkText("comment", comment, COMMENT_MAX_LENGTH));
        problems.addAll(checkText("tag", tag, TAG_MAX_LENGTH));
        return problems;
    }

    /** PostgreSQL text cannot hold U+0000, so no stored text may contain it. */
    public static boolean containsNul(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }

    /** Length in Unicode code points: what a user calls characters, and what PostgreSQL's length() counts. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String bound(Double bound) {
        return bound == null ? "unbounded" : bound.toString();
    }
}
