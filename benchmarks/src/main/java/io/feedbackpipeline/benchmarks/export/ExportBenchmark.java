package io.feedbackpipeline.benchmarks.export;

import io.feedbackpipeline.benchmarks.measure.ProcessStats;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code feedbackctl export} as an operator runs it: the command's own jar in a JVM of its own with the options
 * {@code bin/feedbackctl} gives it, its peak resident memory read from {@code /proc} while it runs.
 */
public final class ExportBenchmark {

    /** {@code bin/feedbackctl}'s JVM options: a command-line tool's heap and collector. */
    public static final List<String> JVM = List.of("-Xmx512m", "-XX:+UseSerialGC");

    /** One export: how long, how many rows, how large the file, and the most memory the process held. */
    public record Outcome(double seconds, long peakRssMegabytes, long fileBytes, String summary) {}

    private ExportBenchmark() {}

    public static Outcome run(Path feedbackctlJar, String jdbcUrl, UUID project, Path output, String... options)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM);
        command.addAll(List.of(
                "-jar",
                feedbackctlJar.toString(),
                "export",
                "--project",
                project.toString(),
                "--output",
                output.toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(
                        output.resolveSibling(output.getFileName() + ".log").toFile());
        builder.environment()
                .putAll(Map.of(
                        "JDBC_URL", jdbcUrl,
                        "JDBC_USER", PostgresServer.OWNER.name(),
                        "JDBC_PASSWORD", PostgresServer.OWNER.password()));
        long began = System.nanoTime();
        Process process = builder.start();
        long peak = 0;
        while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
            peak = Math.max(peak, ProcessStats.peakResidentMegabytes(process.pid()));
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        String log = Files.readString(output.resolveSibling(output.getFileName() + ".log"));
        if (process.exitValue() != 0) {
            throw new IllegalStateException("feedbackctl export failed: " + log);
        }
        String summary = log.lines()
                .filter(line -> line.contains("preference pairs"))
                .findFirst()
                .orElse("");
        return new Outcome(seconds, peak, Files.size(output), summary);
    }
}
