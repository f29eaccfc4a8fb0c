package io.feedbackpipeline.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.catalog.connection.StackEnvFile;
import io.feedbackpipeline.localstack.FreePorts;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The local stack started as a user starts it: {@code java -jar local-stack-exec.jar} with environment settings. */
public final class StackProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Path home;
    private final Map<String, String> environment;
    private Process process;
    private Path output;

    public StackProcess(Path home) {
        this.home = home;
        this.environment = new LinkedHashMap<>();
        environment.put("STACK_HOME", home.toString());
        environment.put("STACK_CLASS_CACHE", home.resolve("class-cache").toString());
        environment.put("GATEWAY_JAR", System.getProperty("gateway.jar"));
        environment.put("PROCESSOR_JAR", System.getProperty("processor.jar"));
        environment.put("SERVICE_JAVA_OPTS", "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError");
        for (String port : List.of(
                "GATEWAY_PORT",
                "GATEWAY_MANAGEMENT_PORT",
                "PROCESSOR_PORT",
                "KAFKA_PORT",
                "KAFKA_CONTROLLER_PORT",
                "POSTGRES_PORT")) {
            environment.put(port, Integer.toString(FreePorts.pick()));
        }
    }

    /**
     * Keeps extracted jars and class data sharing archives where other stacks of the run find them, instead of in
     * this stack's home: the first stack records, the later ones start faster.
     */
    public StackProcess withClassCache(Path cache) {
        environment.put("STACK_CLASS_CACHE", cache.toString());
        return this;
    }

    /** Has the stack keep a stream of demo feedback flowing, as {@code bin/local-stack --demo} does. */
    public StackProcess withDemoFeed() {
        environment.put("LOCAL_STACK_DEMO", "true");
        return this;
    }

    /** A setting for the stack's services, which inherit the stack's environment (e.g. a shorter refresh). */
    public StackProcess with(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Starts the stack and waits for its ready banner; returns the values of {@code stack.env}. */
    public Map<String, String> start() throws Exception {
        output = Files.createTempFile("local-stack-", ".out");
        process = launch(output);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String printed = Files.readString(output);
            if (printed.contains("feedback-pipeline is running")) {
                return StackEnvFile.read(home.resolve("stack.env"));
            }
            if (!process.isAlive()) {
                throw new AssertionError("local stack exited with " + process.exitValue() + ":\n" + printed);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("local stack not ready in " + START_TIMEOUT + ":\n" + Files.readString(output));
    }

    /** Runs a second instance on the same directory to completion and returns its exit code and output. */
    Result startAnotherInstance() throws Exception {
        Path secondOutput = Files.createTempFile("local-stack-second-", ".out");
        Process second = launch(secondOutput);
        assertThat(second.waitFor(60, TimeUnit.SECONDS))
                .as("second instance ends by itself")
                .isTrue();
        return new Result(second.exitValue(), Files.readString(secondOutput));
    }

    /** Ctrl-C / SIGTERM, then waits for the supervisor to exit. */
    public void terminate() throws Exception {
        process.destroy();
        assertThat(process.waitFor(90, TimeUnit.SECONDS))
                .as("stack stops after SIGTERM")
                .isTrue();
    }

    /** Stops a stack a failed test left running, so its services do not outlive the test run. */
    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            terminate();
        }
    }

    /** SIGKILL: the supervisor dies with no chance to stop its children. */
    void kill() throws Exception {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** The processes the stack recorded as its services, plus the postmaster. */
    List<ProcessHandle> children() throws IOException {
        List<ProcessHandle> children = new ArrayList<>();
        try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(home.resolve("run"), "*.pid")) {
            for (Path pidFile : pidFiles) {
                long pid = Long.parseLong(Files.readString(pidFile).trim().split(" ")[0]);
                ProcessHandle.of(pid).ifPresent(children::add);
            }
        }
        long postmaster =
                Long.parseLong(Files.readAllLines(home.resolve("postgres").resolve("postmaster.pid"))
                        .get(0)
                        .trim());
        ProcessHandle.of(postmaster).ifPresent(children::add);
        return children;
    }

    /** The pid the stack recorded for one of its services (rewritten when it restarts the service). */
    long servicePid(String service) throws IOException {
        return Long.parseLong(Files.readString(home.resolve("run").resolve(service + ".pid"))
                .trim()
                .split(" ")[0]);
    }

    String printed() throws IOException {
        return Files.readString(output);
    }

    private Process launch(Path out) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-jar",
                        System.getProperty("stack.jar"))
                .redirectErrorStream(true)
                .redirectOutput(out.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    record Result(int exitCode, String output) {}
}
