package io.feedbackpipeline.benchmarks.measure;

import io.feedbackpipeline.localstack.cluster.PipelineProcesses;
import java.util.Map;

/**
 * What a piece of work cost in CPU seconds: each pipeline process (a {@link CpuSnapshot} difference, "rest" included)
 * and this harness's own process, whose threads did the work (the growth step's writer, the rebuilder).
 */
public record CpuUse(Map<String, Double> processes, double harnessSeconds) {

    /** The work measured. */
    public interface Work {
        void run() throws Exception;
    }

    public static CpuUse of(PipelineProcesses cluster, Work work) throws Exception {
        long harness = ProcessHandle.current().pid();
        double harnessBefore = ProcessStats.ownCpuSeconds(harness);
        CpuSnapshot before = CpuSnapshot.take(cluster);
        work.run();
        Map<String, Double> processes = CpuSnapshot.take(cluster).since(before);
        return new CpuUse(processes, ProcessStats.ownCpuSeconds(harness) - harnessBefore);
    }

    public double of(String process) {
        return processes.get(process);
    }
}
