package io.feedbackpipeline.gateway.analytics;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.Optional;

/** A time bucket: what PostgreSQL's {@code date_trunc} calls its unit, and how to find a bucket's bounds in a zone. */
enum Bucket {
    MINUTE("minute", Duration.ofMinutes(1)),
    HOUR("hour", Duration.ofHours(1)),
    DAY("day", Duration.ofDays(1)),
    WEEK("week", Duration.ofDays(7)),
    /** The whole range as one bucket, which starts at the range's start: totals, unwidened. */
    NONE("none", null);

    private final String unit;
    private final Duration nominal;

    Bucket(String unit, Duration nominal) {
        this.unit = unit;
        this.nominal = nominal;
    }

    String unit() {
        return unit;
    }

    /** About how long one bucket is, to bound how many an answer may have; null for {@link #NONE}. */
    Duration nominal() {
        return nominal;
    }

    /** The start of the bucket holding {@code instant}, in {@code zone} (a week starts on Monday, as date_trunc's). */
    Instant floor(Instant instant, ZoneId zone) {
        if (this == NONE) {
            return instant;
        }
        ZonedDateTime local = instant.atZone(zone);
        ZonedDateTime start = switch (this) {
            case MINUTE -> local.truncatedTo(ChronoUnit.MINUTES);
            case HOUR -> local.truncatedTo(ChronoUnit.HOURS);
            case DAY -> local.truncatedTo(ChronoUnit.DAYS);
            case WEEK -> local.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case NONE -> local;
        };
        return start.toInstant();
    }

    /** The end of the bucket holding the instant just before {@code instant}: a range's end widened to whole buckets. */
    Instant ceil(Instant instant, ZoneId zone) {
        Instant start = floor(instant, zone);
        if (start.equals(instant)) {
            return instant;
        }
        ZonedDateTime local = start.atZone(zone);
        ZonedDateTime next = switch (this) {
            case MINUTE -> local.plusMinutes(1);
            case HOUR -> local.plusHours(1);
            case DAY -> local.plusDays(1);
            case WEEK -> local.plusWeeks(1);
            case NONE -> local;
        };
        return next.toInstant();
    }

    static Optional<Bucket> parse(String text) {
        return Arrays.stream(values()).filter(b -> b.unit.equals(text.trim())).findFirst();
    }
}
