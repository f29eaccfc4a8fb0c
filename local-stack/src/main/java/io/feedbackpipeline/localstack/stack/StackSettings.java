package io.feedbackpipeline.localstack.stack;

import io.feedbackpipeline.localstack.postgres.PostgresServer;
import io.feedbackpipeline.localstack.process.ServiceJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the local stack keeps its data and which ports it uses, read from the environment with defaults that
 * work on a fresh machine. Unknown or malformed values fail at start-up with the variable's name.
 */
record StackSettings(
        Path home,
        int gatewayPort,
        int gatewayManagementPort,
        int processorPort,
        int kafkaPort,
        int kafkaControllerPort,
        int postgresPort,
        Path gatewayJar,
        Path processorJar,
        Map<String, List<String>> serviceJvmOptions,
        boolean classDataSharing,
        Path classCache,
        Map<String, String> postgresConfig) {

    static StackSettings fromEnvironment(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("STACK_HOME", ".local"))
                .toAbsolutePath()
                .normalize();
        return new StackSettings(
                home,
                port(env, "GATEWAY_PORT", 8080),
                port(env, "GATEWAY_MANAGEMENT_PORT", 8090),
                port(env, "PROCESSOR_PORT", 8081),
                port(env, "KAFKA_PORT", 9092),
                port(env, "KAFKA_CONTROLLER_PORT", 9093),
                port(env, "POSTGRES_PORT", 5433),
                jar(env, "GATEWAY_JAR", "ingest-gateway"),
                jar(env, "PROCESSOR_JAR", "rating-processor"),
                Map.of(
                        "ingest-gateway",
                        ServiceJvm.of("ingest-gateway", env),
                        "rating-processor",
                        ServiceJvm.of("rating-processor", env)),
                flag(env, "STACK_CLASS_SHARING", true),
                classCache(env, home),
                PostgresServer.serverConfig(env.get("STACK_POSTGRES_SETTINGS")));
    }

    /**
     * Extracted service jars and their class data sharing archives ({@code ClassDataSharing}), per build: shared by
     * every clone on the machine, as the Maven repository is ({@code STACK_CLASS_CACHE}, else the user's cache
     * folder, else the stack's home).
     */
    private static Path classCache(Map<String, String> env, Path home) {
        String explicit = env.get("STACK_CLASS_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "feedback-pipeline", "cds");
        }
        String user = env.get("HOME");
        return user != null && !user.isBlank()
                ? Path.of(user, ".cache", "feedback-pipeline", "cds")
                : home.resolve("cds");
    }

    Path postgresData() {
        return home.resolve("postgres");
    }

    Path kafkaData() {
        return home.resolve("kafka");
    }

    Path logs() {
        return home.resolve("logs");
    }

    Path run() {
        return home.resolve("run");
    }

    Path envFile() {
        return home.resolve("stack.env");
    }

    Path lockFile() {
        return home.resolve("stack.lock");
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    /** The gateway's operations port: metrics and detailed health, for the operator and Prometheus only. */
    String gatewayManagementUrl() {
        return "http://127.0.0.1:" + gatewayManagementPort;
    }

    String processorUrl() {
        return "http://127.0.0.1:" + processorPort;
    }

    /** Every port this stack listens on, with the variable that changes it. */
    Map<String, Integer> ports() {
        return Map.of(
                "GATEWAY_PORT", gatewayPort,
                "GATEWAY_MANAGEMENT_PORT", gatewayManagementPort,
                "PROCESSOR_PORT", processorPort,
                "KAFKA_PORT", kafkaPort,
                "KAFKA_CONTROLLER_PORT", kafkaControllerPort,
                "POSTGRES_PORT", postgresPort);
    }

    private static boolean flag(Map<String, String> env, String name, boolean fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "on", "1" -> true;
            case "false", "off", "0" -> false;
            default -> throw new StackException(name + " must be true or false, was '" + value + "'");
        };
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new StackException(name + " must be a TCP port between 1 and 65535, was '" + value + "'");
        }
    }

    /** An explicit path, else the one runnable jar the build left in {@code <module>/target}. */
    private static Path jar(Map<String, String> env, String name, String module) {
        String explicit = env.get(name);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        Path target = Path.of(module, "target");
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*-exec.jar")) {
                jars.forEach(found::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (found.size() != 1) {
            throw new StackException("cannot find the runnable jar of " + module + " in " + target.toAbsolutePath()
                    + " (found " + found.size() + "); build it with ./mvnw -DskipTests package or set " + name);
        }
        return found.get(0).toAbsolutePath();
    }
}
