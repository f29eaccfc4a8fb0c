package io.feedbackpipeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the packaged harness, as the documented command does, at toy sizes: every step, every reference (Kafka
 * Connect included) and every output must still work. It checks that numbers were measured, never what they are.
 */
class BenchmarksSmokeIT {

    private static final List<String> CHARTS = List.of(
            "http.png", "cpu.png", "visibility.png", "projection.png", "analytics.png", "memory.png", "growth.png");

    @Test
    void theSmokeRunMeasuresEveryStepAndWritesTheTableAndCharts() throws Exception {
        Path out = Path.of("target", "smoke-results").toAbsolutePath();
        Path log = Path.of("target", "smoke-run.log").toAbsolutePath();
        OptionalInt exit = PackagedHarness.run(
                List.of("-Xmx512m"),
                List.of(
                        "--size",
                        "smoke",
                        "--out",
                        out.toString(),
                        "--work",
                        Path.of("target", "smoke-work").toAbsolutePath().toString(),
                        "--gateway-jar",
                        System.getProperty("gateway.jar"),
                        "--processor-jar",
                        System.getProperty("processor.jar"),
                        "--feedbackctl-jar",
                        System.getProperty("feedbackctl.jar")),
                log,
                Duration.ofMinutes(10));
        assertThat(exit).as(() -> "the smoke run failed:\n" + tail(log)).hasValue(0);

        JsonNode results = JsonMapper.builder()
                .build()
                .readTree(out.resolve("results.json").toFile());
        JsonNode measurements = results.get("measurements");
        assertThat(measurements.size()).isGreaterThan(20);
        assertThat(measurements
                        .valueStream()
                        .map(m -> m.get("group").asString())
                        .distinct())
                .containsExactlyInAnyOrder(
                        "http",
                        "cpu",
                        "auth",
                        "visibility",
                        "overload",
                        "throughput",
                        "projection",
                        "analytics",
                        "export",
                        "memory",
                        "growth");
        for (String measured : List.of(
                "Paradigm rate calls",
                "valid-key Paradigm p99 beside strangers",
                "stranger requests (random keys)",
                "answers with 20 clients",
                "processor, 5000 items / 500 usage ids",
                "Baseplate batches of 100, end to end",
                "full rebuild",
                "full rebuild, SQL arrays",
                "rollup built from scratch (every hour marked)",
                "registers up to 5,000",
                "registers up to 50,000",
                "registers up to 50,000: table and indexes")) {
            assertThat(measurements
                            .valueStream()
                            .filter(m -> m.get("name").asString().equals(measured)))
                    .as(measured)
                    .isNotEmpty()
                    .allSatisfy(m -> assertThat(m.get("value").asDouble())
                            .as(measured)
                            .isPositive()
                            .isFinite());
        }
        assertThat(measurements
                        .valueStream()
                        .filter(m -> m.get("group").asString().equals("analytics"))
                        .map(m -> m.get("name").asString()))
                .anyMatch(name -> name.endsWith(": API p99"));
        // The A/B machinery, on the receipts' setting; the change stream's and the analytics' A/Bs are the same code
        // with another setting, run by the full size only (each pair restarts the processor twice).
        assertThat(measurements
                        .valueStream()
                        .filter(m -> m.get("name").asString().startsWith("processor with receipts on")))
                .singleElement()
                .satisfies(m -> assertThat(m.get("referenceValue").asDouble())
                        .isPositive()
                        .isFinite());
        assertThat(measurements
                        .valueStream()
                        .filter(m -> m.get("group").asString().equals("export"))
                        .filter(m -> !m.get("name").asString().contains(" CPU per ")))
                .anySatisfy(m -> assertThat(m.get("name").asString()).endsWith("rows to parquet"))
                .anySatisfy(m -> assertThat(m.get("name").asString()).endsWith("preference pairs: time"))
                .allSatisfy(m -> assertThat(m.get("value").asDouble()).isPositive());
        assertThat(measurements
                        .valueStream()
                        .filter(m -> m.has("referenceValue")
                                && !m.get("referenceValue").isNull())
                        .map(m -> m.get("referenceValue").asDouble()))
                .allSatisfy(v -> assertThat(v).isPositive().isFinite());
        // Issue 24: every step says what an item cost each process, and the whole pipeline, in CPU.
        for (String step : List.of("http", "auth", "visibility", "throughput", "projection", "analytics", "export")) {
            assertThat(measurements
                            .valueStream()
                            .filter(m -> m.get("group").asString().equals(step))
                            .filter(m -> m.get("name").asString().contains(": pipeline CPU per ")))
                    .as(step + ": pipeline CPU per item")
                    .isNotEmpty()
                    .allSatisfy(m ->
                            assertThat(m.get("value").asDouble()).isPositive().isFinite());
        }
        assertThat(measurements.valueStream().map(m -> m.get("name").asString()))
                .contains(
                        "processor on the backlog: processor CPU per item",
                        "binary COPY + one merge statement: PostgreSQL CPU per item",
                        "full rebuild: the rebuilder (harness) CPU per item");
        // The COPY reference keeps the same winning version of every register as the unnest reference.
        String agreement = results.get("context")
                .get("COPY reference registers agreeing with the raw reference's")
                .asString();
        String[] counts = agreement.split(" of ");
        assertThat(counts[0]).as(agreement).isEqualTo(counts[1]).isNotEqualTo("0");
        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(measurements.size() + 1);
        assertThat(Files.readString(out.resolve("results.md"))).contains("| group | measurement |");
        for (String chart : CHARTS) {
            assertThat(out.resolve(chart)).isNotEmptyFile();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
