package io.feedbackpipeline.benchmarks;

import io.feedbackpipeline.benchmarks.projection.GrowthBenchmark;
import io.feedbackpipeline.benchmarks.report.Report;
import io.feedbackpipeline.localstack.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar benchmarks/target/benchmarks-*-exec.jar [--size full|smoke] [--out DIR]}: starts PostgreSQL, a
 * broker and the services as processes, runs every benchmark beside its reference, prints one table and writes it
 * as Markdown, JSON and CSV with PNG charts. It prints; it does not judge a run as passed or failed.
 */
@Command(
        name = "benchmarks",
        mixinStandardHelpOptions = true,
        description = "Measures the pipeline against its references on this machine, in one run.")
public final class Benchmarks implements Callable<Integer> {

    @Option(names = "--size", defaultValue = "full", description = "full (the documented run) or smoke (toy sizes)")
    String size;

    @Option(
            names = "--out",
            defaultValue = "target/benchmark-results",
            description = "where results.md, results.json, results.csv and the charts go")
    Path out;

    @Option(names = "--work", description = "data and logs of the processes (default: a fresh temporary directory)")
    Path work;

    @Option(names = "--gateway-jar", defaultValue = "ingest-gateway/target/ingest-gateway-0.1.0-SNAPSHOT-exec.jar")
    Path gatewayJar;

    @Option(
            names = "--processor-jar",
            defaultValue = "rating-processor/target/rating-processor-0.1.0-SNAPSHOT-exec.jar")
    Path processorJar;

    @Option(names = "--feedbackctl-jar", defaultValue = "feedbackctl/target/feedbackctl-0.1.0-SNAPSHOT-exec.jar")
    Path feedbackctlJar;

    @Option(
            names = "--profile",
            description = "record each service with JFR (settings=profile) into this "
                    + "directory; the figures of a profiled run are not the ones to publish")
    Path profile;

    @Option(
            names = "--only",
            split = ",",
            description =
                    "run only these steps (of http, auth, visibility, overload, baseplate, "
                            + "projection, analytics, export, rebuild), e.g. while working on one of them; memory is always measured")
    List<String> only = Suite.STEPS;

    @Option(
            names = "--analytics-rows",
            description = "feedback rows of the analytics step instead of the size's (full: 10,000,000)")
    Integer analyticsRows;

    @Option(
            names = "--growth-registers",
            description = "registers the growth step writes instead of the size's (full: 20,000,000; 50,000,000 needs"
                    + " ~17 GB of free disk and as much again for the WAL to keep its cost flat)")
    Long growthRegisters;

    @Option(
            names = "--growth-times",
            description = "when the growth step's feedback occurred: arrival (the moment it is written, as the gateway"
                    + " stamps Baseplate's and Paradigm's; the default) or spread (at random over 30 days)")
    GrowthBenchmark.Times growthTimes;

    public static void main(String[] args) {
        System.exit(commandLine(new Benchmarks()).execute(args));
    }

    static CommandLine commandLine(Benchmarks benchmarks) {
        return new CommandLine(benchmarks).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public Integer call() throws Exception {
        if (!Suite.STEPS.containsAll(only)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--only takes " + Suite.STEPS);
        }
        Path workDirectory = work != null ? fresh(work) : Files.createTempDirectory("feedback-benchmarks");
        System.out.println("benchmarks (" + size + "): processes' data and logs in " + workDirectory);
        Size chosen = Size.named(size);
        if (analyticsRows != null) {
            chosen = chosen.withAnalyticsRows(analyticsRows);
        }
        if (growthRegisters != null) {
            chosen = chosen.withGrowthRegisters(growthRegisters);
        }
        if (growthTimes != null) {
            chosen = chosen.withGrowthTimes(growthTimes);
        }
        Suite suite = new Suite(
                chosen,
                new Suite.Paths(
                        gatewayJar.toAbsolutePath(),
                        processorJar.toAbsolutePath(),
                        feedbackctlJar.toAbsolutePath(),
                        workDirectory,
                        out.toAbsolutePath(),
                        profile == null ? null : profile.toAbsolutePath()),
                Set.copyOf(only));
        Report report;
        try {
            report = suite.run();
        } catch (Exception | Error e) {
            if (work == null) {
                try {
                    keepOnlyLogs(workDirectory);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup); // the run's own failure is the one to report
                }
            }
            throw e;
        }
        if (work == null) {
            Folders.deleteRecursively(workDirectory);
        }
        System.out.println();
        System.out.println(report.table());
        System.out.println("written to " + out.toAbsolutePath());
        return 0;
    }

    /**
     * After a failed run, its processes' logs stay for whoever looks into it, but not their data: a full run's
     * database, broker logs and exports reach ~20 GB, and one failed run's folder, beside older runs' own, filled this
     * machine's disk (2026-12-06).
     */
    private static void keepOnlyLogs(Path workDirectory) throws IOException {
        Path logs = workDirectory.resolve("logs");
        try (Stream<Path> children = Files.list(workDirectory)) {
            for (Path child : children.filter(child -> !child.equals(logs)).toList()) {
                Folders.deleteRecursively(child);
            }
        }
        System.err.println("the run failed: its processes' logs are kept in " + logs + "; their data was deleted");
    }

    private static Path fresh(Path directory) throws IOException {
        if (Files.exists(directory)) {
            Folders.deleteRecursively(directory);
        }
        return Files.createDirectories(directory);
    }
}
