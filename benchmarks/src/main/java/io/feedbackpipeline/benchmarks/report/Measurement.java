package io.feedbackpipeline.benchmarks.report;

/**
 * One line of the results: a measured value, the reference measured in the same run (if it has one), their ratio, and
 * the target it is held to ({@code met} null when there is no target).
 */
public record Measurement(
        String group,
        String name,
        double value,
        String unit,
        String reference,
        Double referenceValue,
        Double ratio,
        String target,
        Boolean met) {

    public static Measurement of(String group, String name, double value, String unit) {
        return new Measurement(group, name, value, unit, null, null, null, null, null);
    }

    /** A value against a target that it must reach ({@code atLeast}) or stay below. */
    public static Measurement target(
            String group, String name, double value, String unit, double bound, boolean atLeast) {
        return new Measurement(
                group,
                name,
                value,
                unit,
                null,
                null,
                null,
                (atLeast ? "≥ " : "< ") + Report.format(bound) + " " + unit,
                atLeast ? value >= bound : value < bound);
    }

    /** A value against its reference, with the ratio value / reference held to {@code minimumRatio} if given. */
    public static Measurement versus(
            String group,
            String name,
            double value,
            String unit,
            String reference,
            double referenceValue,
            Double minimumRatio) {
        double ratio = value / referenceValue;
        return new Measurement(
                group,
                name,
                value,
                unit,
                reference,
                referenceValue,
                ratio,
                minimumRatio == null ? null : "ratio ≥ " + minimumRatio,
                minimumRatio == null ? null : ratio >= minimumRatio);
    }
}
