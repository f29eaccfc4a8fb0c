package io.feedbackpipeline.benchmarks;

import io.feedbackpipeline.benchmarks.projection.GrowthBenchmark;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How big a run is. {@link #FULL} is the documented benchmark; {@link #SMOKE} runs every step at toy sizes so the
 * harness cannot rot (it is part of {@code ./mvnw verify}); its numbers mean nothing.
 *
 * @param warmUp closed-loop load on both HTTP routes before anything is measured (JIT, pools, page cache)
 * @param httpRun each closed-loop HTTP measurement and the raw producer's
 * @param connections closed-loop connections (and raw producer sends in flight)
 * @param openLoopRates offered loads of the visibility runs, requests per second
 * @param openLoopRun each visibility run
 * @param overloadConnections clients of the overload step, far more than the gateway has writes in progress at once
 * @param baseplateRequests Baseplate requests of 100 ratings each
 * @param backlogItems feedback items of the projection comparison (processor, raw PostgreSQL, Kafka Connect)
 * @param backlogUsageIds usage ids they fall on
 * @param analyticsRows feedback rows of the analytics query benchmark (30 days, written straight into the tables)
 * @param analyticsQueries times each way of answering the analytics question is timed
 * @param abPairs off-and-on pairs of each A/B on the processor's backlog (receipts, analytics)
 * @param everyAbTest whether the change stream's and the analytics' A/Bs run beside the receipts' (the same code
 *     with another setting; each pair restarts the processor twice)
 * @param growthRegisters registers the growth step writes, from an empty table, in segments of at most a million
 *     (at least ten)
 * @param growthTimes when the growth step's feedback occurred: on arrival, as the gateway stamps Baseplate's and
 *     Paradigm's, or spread over 30 days
 */
public record Size(
        String name,
        Duration warmUp,
        Duration httpRun,
        int connections,
        List<Integer> openLoopRates,
        Duration openLoopRun,
        int overloadConnections,
        int baseplateRequests,
        int backlogItems,
        int backlogUsageIds,
        int analyticsRows,
        int analyticsQueries,
        int abPairs,
        boolean everyAbTest,
        long growthRegisters,
        GrowthBenchmark.Times growthTimes) {

    public static final Size FULL = new Size(
            "full",
            Duration.ofSeconds(20),
            Duration.ofSeconds(30),
            32,
            List.of(250, 500, 1000),
            Duration.ofSeconds(30),
            1_000,
            2_000,
            1_000_000,
            100_000,
            10_000_000,
            200,
            2,
            true,
            20_000_000L,
            GrowthBenchmark.Times.ARRIVAL);

    public static final Size SMOKE = new Size(
            "smoke",
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            4,
            List.of(20, 40),
            Duration.ofSeconds(2),
            20,
            10,
            5_000,
            500,
            20_000,
            5,
            1, // each pair restarts the processor twice: the smoke run only needs the step to work
            false,
            50_000L,
            GrowthBenchmark.Times.ARRIVAL);

    public Size withAnalyticsRows(int rows) {
        return overridden(name + ", " + rows + " analytics rows", rows, growthRegisters, growthTimes);
    }

    public Size withGrowthRegisters(long registers) {
        return overridden(name + ", " + registers + " growth registers", analyticsRows, registers, growthTimes);
    }

    public Size withGrowthTimes(GrowthBenchmark.Times times) {
        return overridden(
                name + ", growth times " + times.name().toLowerCase(Locale.ROOT),
                analyticsRows,
                growthRegisters,
                times);
    }

    /** This size with the figures the command line may override, under a name that says so. */
    private Size overridden(String label, int analytics, long growth, GrowthBenchmark.Times times) {
        return new Size(
                label,
                warmUp,
                httpRun,
                connections,
                openLoopRates,
                openLoopRun,
                overloadConnections,
                baseplateRequests,
                backlogItems,
                backlogUsageIds,
                analytics,
                analyticsQueries,
                abPairs,
                everyAbTest,
                growth,
                times);
    }

    public static Size named(String name) {
        return switch (name) {
            case "full" -> FULL;
            case "smoke" -> SMOKE;
            default -> throw new IllegalArgumentException("no size " + name + " (full or smoke)");
        };
    }
}
