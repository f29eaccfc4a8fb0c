package io.feedbackpipeline.benchmarks.measure;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a run's numbers depend on: the machine, the OS and the JVM, as /proc and the JVM report them. */
public final class Machine {

    private Machine() {}

    public static Map<String, Object> describe() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("cpu", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        facts.put("cores", Runtime.getRuntime().availableProcessors());
        facts.put("memory", firstValue(Path.of("/proc/meminfo"), "MemTotal"));
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        facts.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        return facts;
    }

    /** CPU seconds the whole machine spent busy (every core, every process), from /proc/stat. */
    public static double busyCpuSeconds() {
        try {
            String[] fields =
                    Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int field : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal (guest is in user)
                busy += Long.parseLong(fields[field]);
            }
            return busy / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds this JVM (the harness: an in-process load generator, a probe, a reference writer) has used, its own
     * threads only; the services it started are other processes.
     */
    public static double harnessCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    private static String firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file).stream()
                    .filter(line -> line.startsWith(key))
                    .findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
