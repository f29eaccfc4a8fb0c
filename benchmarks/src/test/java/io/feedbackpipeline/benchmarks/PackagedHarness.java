package io.feedbackpipeline.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/** The packaged harness run as the documented command runs it: a JVM of its own, its output into a log. */
final class PackagedHarness {

    private PackagedHarness() {}

    /**
     * Runs the harness jar ({@code benchmarks.jar}) with these JVM options and arguments.
     *
     * @return its exit code, or empty when it did not end within {@code timeout} (it is then killed, with its children)
     */
    static OptionalInt run(List<String> jvmOptions, List<String> arguments, Path log, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(System.getProperty("benchmarks.jar"));
        command.addAll(arguments);
        Process run = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (run.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return OptionalInt.of(run.exitValue());
        }
        run.descendants().forEach(ProcessHandle::destroyForcibly);
        run.destroyForcibly();
        return OptionalInt.empty();
    }
}
