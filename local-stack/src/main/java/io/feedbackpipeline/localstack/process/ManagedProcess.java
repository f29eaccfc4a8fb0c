package io.feedbackpipeline.localstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One part of the pipeline run as its own operating-system process, exactly as in production (a command line and
 * environment variables), so it can be stopped, killed, frozen and started again on its own. Its output goes to a
 * log file that survives restarts.
 */
public final class ManagedProcess {

    private static final Logger log = LoggerFactory.getLogger(ManagedProcess.class);
    private static final Duration POLL = Duration.ofMillis(100);

    /** What to run, and how to tell it is ready (an URL answering 200, or null for "started"). */
    public record Spec(
            String name, List<String> command, Map<String, String> environment, Path logFile, String readinessUrl) {

        public Spec {
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
        }

        /** {@code java <options> -jar <jar>} with the JVM running this code. */
        public static List<String> javaJar(Path jar, List<String> jvmOptions) {
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar.toString());
            return command;
        }

        /** {@code java <options> -cp <classpath> <main> <arguments>}. */
        public static List<String> javaMain(
                String classpath, String mainClass, List<String> jvmOptions, List<String> arguments) {
            List<String> command = new ArrayList<>();
            command.add(javaExecutable());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(classpath);
            command.add(mainClass);
            command.addAll(arguments);
            return command;
        }

        /** The java launcher of the JVM running this code. */
        public static String javaExecutable() {
            return ProcessHandle.current().info().command().orElse("java");
        }
    }

    private final Spec spec;
    private final Consumer<ProcessHandle> onStarted;
    private volatile Process process;

    public ManagedProcess(Spec spec) {
        this(spec, started -> {});
    }

    /** @param onStarted called with each new process, e.g. to record its pid */
    public ManagedProcess(Spec spec, Consumer<ProcessHandle> onStarted) {
        this.spec = spec;
        this.onStarted = onStarted;
    }

    public String name() {
        return spec.name();
    }

    public Spec spec() {
        return spec;
    }

    /** Starts a new process (if none runs); output is appended to the log file. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Files.createDirectories(spec.logFile().getParent());
            ProcessBuilder builder = new ProcessBuilder(spec.command())
                    .redirectErrorStream(true)
                    .redirectOutput(
                            ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()));
            builder.environment().putAll(spec.environment());
            process = builder.start();
            onStarted.accept(process.toHandle());
            log.info("Started {} (pid {}), log in {}", spec.name(), process.pid(), spec.logFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    /** Waits until the readiness URL answers 200; fails with the end of the log when the process dies first. */
    public void awaitReady(Duration timeout) {
        if (spec.readinessUrl() == null) {
            return;
        }
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(spec.readinessUrl()))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process current = process;
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited while starting"
                        + (current == null ? "" : " with code " + current.exitValue()) + ":\n" + logTail(30));
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + spec.name(), e);
            }
            sleep(POLL);
        }
        throw new IllegalStateException(spec.name() + " was not ready at " + spec.readinessUrl() + " within "
                + timeout.toSeconds() + " s; last log lines:\n" + logTail(30));
    }

    /** SIGTERM (a graceful shutdown), then SIGKILL if it has not stopped within {@code grace}. */
    public synchronized void terminate(Duration grace) {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        current.destroy();
        try {
            if (!current.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} did not stop within {} s; killing it", spec.name(), grace.toSeconds());
                current.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            current.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL: the process dies at once, mid-whatever it was doing. */
    public synchronized void kill() {
        Process current = process;
        if (current == null || !current.isAlive()) {
            return;
        }
        current.destroyForcibly();
        try {
            current.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: the process hangs, keeping its sockets open. */
    public void freeze() {
        Signals.stop(pid());
    }

    /** SIGCONT after {@link #freeze()}. */
    public void thaw() {
        Signals.resume(pid());
    }

    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    public long pid() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException(spec.name() + " was never started");
        }
        return current.pid();
    }

    /** Completes when the current process exits (however it exits). */
    public CompletableFuture<Process> onExit() {
        Process current = process;
        if (current == null) {
            throw new IllegalStateException(spec.name() + " was never started");
        }
        return current.onExit();
    }

    public String logTail(int lines) {
        try {
            if (!Files.exists(spec.logFile())) {
                return "";
            }
            List<String> all = Files.readAllLines(spec.logFile(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
