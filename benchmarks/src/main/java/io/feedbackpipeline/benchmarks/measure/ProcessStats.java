package io.feedbackpipeline.benchmarks.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Resident memory and CPU time of a process (and its descendants), read from /proc. */
public final class ProcessStats {

    /** Linux reports CPU times in clock ticks of 1/100 s on every platform this runs on (USER_HZ). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {}

    /** VmRSS in MB, or -1 when the process is gone. */
    public static long residentMegabytes(long pid) {
        return statusMegabytes(pid, "VmRSS:");
    }

    /** VmHWM, the most the process ever had resident, in MB, or -1 when the process is gone. */
    public static long peakResidentMegabytes(long pid) {
        return statusMegabytes(pid, "VmHWM:");
    }

    private static long statusMegabytes(long pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith(field))
                    .findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024)
                    .orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * User plus system CPU seconds of the process and all its descendants, the live ones and those that exited
     * (PostgreSQL's backends of closed connections): a child's CPU moves into its parent's {@code cutime} and
     * {@code cstime} when the parent reaps it, so each process counts its own and its reaped children's, and every
     * descendant is counted once, by itself or by its nearest live ancestor.
     */
    public static double cpuSeconds(long pid) {
        // A child reaped while the tree is read is counted twice or not at all (a backend of a connection closed
        // just before the reading was missed once): read again until no process came or went meanwhile.
        for (int attempt = 0; ; attempt++) {
            List<Long> pids = tree(pid);
            double seconds = pids.stream()
                    .mapToDouble(ProcessStats::cpuWithReapedChildren)
                    .sum();
            if (pids.equals(tree(pid)) || attempt == 20) {
                return seconds;
            }
        }
    }

    private static List<Long> tree(long pid) {
        return Stream.concat(
                        Stream.of(pid),
                        ProcessHandle.of(pid).stream()
                                .flatMap(ProcessHandle::descendants)
                                .map(ProcessHandle::pid))
                .sorted()
                .toList();
    }

    private static double cpuWithReapedChildren(long pid) {
        return ticks(pid, 11, 12, 13, 14);
    }

    /** CPU seconds of the process alone, without its children. */
    public static double ownCpuSeconds(long pid) {
        return ticks(pid, 11, 12);
    }

    /** The sum of fields of /proc/pid/stat, counted after the command's closing parenthesis, in seconds. */
    private static double ticks(long pid, int... fields) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] values = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long sum = 0;
            for (int field : fields) {
                sum += Long.parseLong(values[field]); // 11 utime, 12 stime, 13 cutime, 14 cstime
            }
            return sum / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
