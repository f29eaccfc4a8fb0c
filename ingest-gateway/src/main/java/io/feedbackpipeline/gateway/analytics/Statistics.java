package io.feedbackpipeline.gateway.analytics;

import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.catalog.FeedbackType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statistics of one group of registers of one feedback type, from exact counts: for BOOLEAN the positives,
 * negatives and the positive ratio with its 95% Wilson score interval; for NUMERIC the mean, minimum, maximum and a
 * distribution in fixed buckets; for every kind the most used tags.
 */
final class Statistics {

    /** The 0.975 quantile of the standard normal distribution: a two-sided 95% interval. */
    static final double Z = 1.959963984540054;

    static final int TOP_TAGS = 10;
    /** Equal-width buckets of a NUMERIC distribution, unless its values are few integers (then one per value). */
    static final int DISTRIBUTION_BUCKETS = 10;

    private long count;
    private long positive;
    private long negative;
    // Made on first use: most groups of an hourly answer hold flags only, and thousands of empty maps cost.
    private TreeMap<Double, Long> values;
    private Map<String, Long> tags;

    void add(Cell cell) {
        count += cell.registers();
        if (cell.flag() != null) {
            if (cell.flag()) {
                positive += cell.registers();
            } else {
                negative += cell.registers();
            }
        }
        if (cell.value() != null) {
            if (values == null) {
                values = new TreeMap<>();
            }
            values.merge(cell.value(), cell.registers(), Long::sum);
        }
        if (cell.tag() != null) {
            if (tags == null) {
                tags = new java.util.HashMap<>();
            }
            tags.merge(cell.tag(), cell.registers(), Long::sum);
        }
    }

    long count() {
        return count;
    }

    /** The statistics of the type's kind; an unknown type (deleted since) gets a BOOLEAN's when it has flags. */
    AnalyticsAnswer.Stats of(FeedbackType type) {
        Long positives = null;
        Long negatives = null;
        Double ratio = null;
        Double low = null;
        Double high = null;
        long flagged = positive + negative;
        if (type == null ? flagged > 0 : type.kind() == FeedbackKind.BOOLEAN) {
            positives = positive;
            negatives = negative;
            if (flagged > 0) {
                double[] interval = wilson(positive, flagged);
                ratio = rounded((double) positive / flagged);
                low = rounded(interval[0]);
                high = rounded(interval[1]);
            }
        }
        Double mean = null;
        Double min = null;
        Double max = null;
        List<AnalyticsAnswer.Range> distribution = null;
        if (type != null && type.kind() == FeedbackKind.NUMERIC && values != null) {
            double sum = 0;
            for (Map.Entry<Double, Long> value : values.entrySet()) {
                sum += value.getKey() * value.getValue();
            }
            mean = rounded(sum / count(values));
            min = values.firstKey();
            max = values.lastKey();
            distribution = distribution(type);
        }
        List<AnalyticsAnswer.TagCount> topTags = type != null && type.kind() != FeedbackKind.TEXT && tags == null
                ? null // tags are read for TEXT types, or when the question groups or filters by tag
                : topTags();
        return new AnalyticsAnswer.Stats(
                count, positives, negatives, ratio, low, high, mean, min, max, distribution, topTags);
    }

    /** Six decimals: far below what a ratio or mean of counts can tell apart, and a third of the answer's bytes. */
    static double rounded(double value) {
        return Math.round(value * 1e6) / 1e6;
    }

    /** Wilson's score interval for {@code positive} of {@code n}: sound at small n and at ratios near 0 or 1. */
    static double[] wilson(long positive, long n) {
        double p = (double) positive / n;
        double z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double center = (p + z2 / (2.0 * n)) / denominator;
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new double[] {Math.max(0, center - half), Math.min(1, center + half)};
    }

    /**
     * Fixed buckets: one per value when the values are integers within bounds at most 20 apart (a 1-5 star scale is
     * five buckets); else ten of equal width over the type's bounds, or over the values seen when it has none.
     */
    private List<AnalyticsAnswer.Range> distribution(FeedbackType type) {
        double low = type.minValue() != null ? type.minValue() : values.firstKey();
        double high = type.maxValue() != null ? type.maxValue() : values.lastKey();
        boolean integers = values.keySet().stream().allMatch(v -> v == Math.rint(v));
        List<AnalyticsAnswer.Range> ranges = new ArrayList<>();
        if (integers && high - low <= 20) {
            for (double v = Math.ceil(low); v <= high; v++) {
                ranges.add(new AnalyticsAnswer.Range(v, v, values.getOrDefault(v, 0L)));
            }
            return ranges;
        }
        if (high <= low) {
            return List.of(new AnalyticsAnswer.Range(low, high, count(values)));
        }
        double width = (high - low) / DISTRIBUTION_BUCKETS;
        long[] counts = new long[DISTRIBUTION_BUCKETS];
        values.forEach((value, n) -> {
            int index = (int) Math.floor((value - low) / width);
            counts[Math.max(0, Math.min(DISTRIBUTION_BUCKETS - 1, index))] += n;
        });
        for (int i = 0; i < DISTRIBUTION_BUCKETS; i++) {
            ranges.add(new AnalyticsAnswer.Range(low + i * width, low + (i + 1) * width, counts[i]));
        }
        return ranges;
    }

    private List<AnalyticsAnswer.TagCount> topTags() {
        if (tags == null) {
            return List.of();
        }
        return tags.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())))
                .limit(TOP_TAGS)
                .map(e -> new AnalyticsAnswer.TagCount(e.getKey(), e.getValue()))
                .toList();
    }

    private static long count(Map<Double, Long> values) {
        long total = 0;
        for (long registers : values.values()) {
            total += registers;
        }
        return total;
    }
}
