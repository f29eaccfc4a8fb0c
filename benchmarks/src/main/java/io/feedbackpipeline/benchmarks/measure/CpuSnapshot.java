package io.feedbackpipeline.benchmarks.measure;

import io.feedbackpipeline.localstack.cluster.PipelineProcesses;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds used so far by each part of the pipeline, and by the whole machine; the difference of two snapshots
 * says where the CPU of a run went ("rest" is everything else: the load generator, this harness, the OS).
 */
public record CpuSnapshot(Map<String, Double> seconds) {

    public static CpuSnapshot take(PipelineProcesses cluster) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        seconds.put("gateway", ProcessStats.cpuSeconds(cluster.gateway().pid()));
        seconds.put(
                "processor",
                cluster.processors().stream()
                        .mapToDouble(processor -> ProcessStats.cpuSeconds(processor.pid()))
                        .sum());
        seconds.put("broker", ProcessStats.cpuSeconds(cluster.broker().pid()));
        seconds.put("PostgreSQL", ProcessStats.cpuSeconds(cluster.postgres().pid()));
        seconds.put("machine", Machine.busyCpuSeconds());
        return new CpuSnapshot(seconds);
    }

    /** What was used between {@code earlier} and this snapshot, with "rest" for what no pipeline process used. */
    public Map<String, Double> since(CpuSnapshot earlier) {
        Map<String, Double> used = new LinkedHashMap<>();
        seconds.forEach(
                (part, value) -> used.put(part, value - earlier.seconds().get(part)));
        double pipeline = used.entrySet().stream()
                .filter(e -> !e.getKey().equals("machine"))
                .mapToDouble(Map.Entry::getValue)
                .sum();
        used.put("rest", Math.max(0, used.get("machine") - pipeline));
        return used;
    }
}
