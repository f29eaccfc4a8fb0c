package io.feedbackpipeline.gateway.analytics;

import io.feedbackpipeline.jsoncontract.Violations;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An analytics question, read and checked from the query string: every problem is listed at once, as everywhere. The
 * range is widened to whole buckets in the time zone, so every bucket of the answer is complete.
 *
 * @param timeBasis {@code feedback} (the feedback's own time, the default) or {@code completion} (the completion's)
 */
record AnalyticsQuery(
        Instant from,
        Instant to,
        Bucket bucket,
        ZoneId zone,
        String timeBasis,
        Set<Dimension> groupBy,
        UUID endpoint,
        String model,
        Integer feedbackTypeId,
        String tag,
        String template,
        String valueKey,
        String value) {

    static final Duration LONGEST = Duration.ofDays(400);
    static final int MOST_BUCKETS = 20_000;
    private static final Pattern TIME_ZONE = Pattern.compile("[A-Za-z0-9_/+:-]{1,64}");

    /** The query string's values, each parameter given at most once (a repeated one is refused). */
    interface Parameters {
        String get(String name);
    }

    static AnalyticsQuery parse(Parameters parameters, Instant now, Violations violations) {
        Bucket bucket = Bucket.HOUR;
        String bucketText = parameters.get("bucket");
        if (bucketText != null) {
            bucket = Bucket.parse(bucketText).orElse(null);
            if (bucket == null) {
                violations.add("bucket", "must be minute, hour, day, week or none (the whole range as one bucket)");
            }
        }
        ZoneId zone = ZoneId.of("UTC");
        String zoneText = parameters.get("time_zone");
        if (zoneText != null) {
            try {
                if (!TIME_ZONE.matcher(zoneText).matches()) {
                    throw new DateTimeException("not a zone name");
                }
                zone = ZoneId.of(zoneText);
            } catch (DateTimeException e) {
                violations.add(
                        "time_zone", "must be an IANA time zone such as Europe/Paris, or an offset such as +02:00");
                zone = null;
            }
        }
        Instant to = instant(parameters.get("to"), "to", violations);
        Instant from = instant(parameters.get("from"), "from", violations);
        if (to == null && parameters.get("to") == null) {
            to = now;
        }
        if (from == null && parameters.get("from") == null && to != null) {
            from = to.minus(Duration.ofDays(1));
        }
        String basis = parameters.get("time_basis") == null ? "feedback" : parameters.get("time_basis");
        if (!basis.equals("feedback") && !basis.equals("completion")) {
            violations.add("time_basis", "must be feedback or completion");
        }
        Set<Dimension> groupBy = EnumSet.noneOf(Dimension.class);
        String groups = parameters.get("group_by");
        if (groups != null && !groups.isBlank()) {
            for (String name : groups.split(",")) {
                Dimension.parse(name)
                        .ifPresentOrElse(
                                groupBy::add,
                                () -> violations.add(
                                        "group_by",
                                        "'" + name.trim()
                                                + "' is not one of endpoint, model, feedback_type, tag, template"));
            }
        }
        UUID endpoint = null;
        if (parameters.get("endpoint_id") != null) {
            try {
                endpoint = UUID.fromString(parameters.get("endpoint_id"));
            } catch (IllegalArgumentException e) {
                violations.add("endpoint_id", "must be a UUID");
            }
        }
        Integer type = null;
        if (parameters.get("feedback_type_id") != null) {
            try {
                type = Integer.valueOf(parameters.get("feedback_type_id"));
            } catch (NumberFormatException e) {
                violations.add("feedback_type_id", "must be an integer");
            }
        }
        String valueKey = parameters.get("value_key");
        String value = parameters.get("value");
        if ((valueKey == null) != (value == null)) {
            violations.add(valueKey == null ? "value_key" : "value", "value_key and value are given together");
        }
        if (from != null && to != null && bucket != null && zone != null) {
            if (!from.isBefore(to)) {
                violations.add("from", "must be before to");
            } else if (Duration.between(from, to).compareTo(LONGEST) > 0) {
                violations.add("to", "the range is at most " + LONGEST.toDays() + " days");
            } else {
                from = bucket.floor(from, zone);
                to = bucket.ceil(to, zone);
                long buckets =
                        bucket == Bucket.NONE ? 1 : Duration.between(from, to).dividedBy(bucket.nominal());
                if (buckets > MOST_BUCKETS) {
                    violations.add(
                            "bucket",
                            "the range holds %,d %s buckets, more than the %,d an answer may have; choose a larger bucket"
                                    .formatted(buckets, bucket.unit(), MOST_BUCKETS));
                }
            }
        }
        violations.throwIfAny();
        return new AnalyticsQuery(
                from,
                to,
                bucket,
                zone,
                basis,
                groupBy,
                endpoint,
                parameters.get("model"),
                type,
                parameters.get("tag"),
                parameters.get("template_id"),
                valueKey,
                value);
    }

    /** The dimensions the question needs: those it groups by and those it filters on. */
    Set<Dimension> dimensions() {
        Set<Dimension> needed = EnumSet.noneOf(Dimension.class);
        needed.addAll(groupBy);
        if (endpoint != null) {
            needed.add(Dimension.ENDPOINT);
        }
        if (model != null) {
            needed.add(Dimension.MODEL);
        }
        if (template != null) {
            needed.add(Dimension.TEMPLATE);
        }
        if (tag != null) {
            needed.add(Dimension.TAG);
        }
        return needed;
    }

    /** The grouping set of the rollup that holds the answer: the bits of the dimensions it needs. */
    int rollupDims() {
        return dimensions().stream().mapToInt(Dimension::rollupBit).sum();
    }

    boolean byCompletionTime() {
        return timeBasis.equals("completion");
    }

    private static Instant instant(String text, String name, Violations violations) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            violations.add(name, "must be an ISO-8601 date-time with offset, e.g. 2026-12-03T10:00:00Z");
            return null;
        }
    }

    List<String> groupByNames() {
        List<String> names = new ArrayList<>();
        groupBy.forEach(d -> names.add(d.wireName()));
        return names;
    }
}
