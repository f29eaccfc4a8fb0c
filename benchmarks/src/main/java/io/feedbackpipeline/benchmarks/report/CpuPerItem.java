package io.feedbackpipeline.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CPU microseconds per item, per process, over one measured run: the figure that holds across machines, where a
 * rate depends on the cores a run had. The pipeline's processes (gateway, processor, broker, PostgreSQL) each and
 * summed, and apart from them "the rest": the load generator, this harness and whatever else ran on the machine.
 */
public final class CpuPerItem {

    public static final List<String> PIPELINE = List.of("gateway", "processor", "broker", "PostgreSQL");

    private CpuPerItem() {}

    /**
     * @param used CPU seconds by part over the run ({@code CpuSnapshot.since}), with "rest"
     * @param items what the run handled: items, requests, rows or queries, as {@code per} names them
     * @param rest what "the rest" was in this run (e.g. "load generator and harness")
     */
    public static List<Measurement> of(
            String group, String run, Map<String, Double> used, double items, String per, String rest) {
        List<Measurement> measurements = new ArrayList<>();
        if (items <= 0) {
            return measurements;
        }
        double pipeline = 0;
        for (String part : PIPELINE) {
            double micros = used.getOrDefault(part, 0.0) * 1e6 / items;
            pipeline += micros;
            measurements.add(Measurement.of(group, run + ": " + part + " CPU per " + per, micros, "µs"));
        }
        measurements.add(
                Measurement.of(group, run + ": pipeline CPU per " + per + " (the four summed)", pipeline, "µs"));
        measurements.add(Measurement.of(
                group, run + ": " + rest + " CPU per " + per, used.getOrDefault("rest", 0.0) * 1e6 / items, "µs"));
        return measurements;
    }
}
