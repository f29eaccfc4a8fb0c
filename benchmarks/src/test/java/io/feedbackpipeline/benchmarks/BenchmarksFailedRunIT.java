package io.feedbackpipeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A run that fails keeps its processes' logs and deletes their data: a failed full run once left 20 GB behind and,
 * with older runs' folders, filled the machine's disk. The failure is caused for real: the packaged harness is given a
 * gateway "jar" that is not one, so the gateway exits while the database and the broker are up with their data.
 */
class BenchmarksFailedRunIT {

    private static final Pattern WORK_FOLDER = Pattern.compile("processes' data and logs in (\\S+)");
    private static final Pattern STARTED = Pattern.compile("Started (\\S+) \\(pid (\\d+)\\)");

    @Test
    void aFailedRunKeepsItsLogsAndDeletesItsData() throws Exception {
        Path target = Path.of("target").toAbsolutePath();
        Path temporary = Files.createDirectories(target.resolve("failed-run-tmp"));
        Path notAJar = Files.writeString(target.resolve("not-a-gateway.jar"), "not a jar");
        Path log = target.resolve("failed-run.log");
        OptionalInt exit = PackagedHarness.run(
                List.of("-Xmx256m", "-Djava.io.tmpdir=" + temporary),
                List.of(
                        "--size",
                        "smoke",
                        "--only",
                        "http",
                        "--out",
                        target.resolve("failed-run-results").toString(),
                        "--gateway-jar",
                        notAJar.toString(),
                        "--processor-jar",
                        System.getProperty("processor.jar"),
                        "--feedbackctl-jar",
                        System.getProperty("feedbackctl.jar")),
                log,
                Duration.ofMinutes(3));
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exit).as(() -> "the run did not end:\n" + output).isPresent();
        assertThat(exit.getAsInt())
                .as(() -> "the run should have failed:\n" + output)
                .isNotZero();
        assertThat(output).contains("ingest-gateway exited while starting");

        Matcher announced = WORK_FOLDER.matcher(output);
        assertThat(announced.find()).as(output).isTrue();
        Path work = Path.of(announced.group(1));
        assertThat(work).startsWith(temporary);
        assertThat(children(work)).as("only the logs are left").containsExactly("logs");
        assertThat(children(work.resolve("logs"))).contains("ingest-gateway.log", "kafka.log");
        assertThat(work.resolve("logs").resolve("ingest-gateway.log")).content().contains("jarfile");
        assertThat(output).contains("its processes' logs are kept in " + work.resolve("logs"));

        // The processor starts beside the gateway; a run that failed on the gateway once left it running for good.
        Matcher started = STARTED.matcher(output);
        List<Long> pids = started.results().map(m -> Long.parseLong(m.group(2))).toList();
        assertThat(started.reset().results().map(m -> m.group(1))).contains("rating-processor-1", "kafka");
        assertThat(pids)
                .as("processes the failed run started and left running")
                .noneMatch(
                        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    private static List<String> children(Path folder) throws IOException {
        try (Stream<Path> children = Files.list(folder)) {
            return children.map(child -> child.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }
}
