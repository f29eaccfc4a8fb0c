package io.feedbackpipeline.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.localstack.junit.FeedbackRecords;
import io.feedbackpipeline.schemas.FeedbackBatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, end to end (with {@code --demo}): the stack starts, its demo feed flows, every part
 * answers with the values of stack.env, a service killed with SIGKILL is restarted, a second start is refused
 * clearly, SIGTERM stops everything, and data survives both a clean stop and a SIGKILL of the supervisor (whose
 * orphans the next start removes).
 */
class LocalStackIT {

    @TempDir
    Path home;

    @Test
    @DisplayName(
            "start, use, restart a killed service, refuse a second start, stop, restart with the same data, survive"
                    + " a SIGKILL")
    void localStackLifecycle() throws Exception {
        try (StackProcess stack = new StackProcess(home).withDemoFeed()) {

            Map<String, String> env = stack.start();
            assertThat(env.keySet())
                    .contains(
                            "GATEWAY_URL",
                            "API_KEY",
                            "PROJECT_ID",
                            "ENDPOINT_ID",
                            "KAFKA_BOOTSTRAP_SERVERS",
                            "JDBC_URL",
                            "JDBC_USER",
                            "JDBC_PASSWORD");
            assertThat(stack.printed())
                    .contains(env.get("GATEWAY_URL"), env.get("API_KEY").substring(0, 12) + "…")
                    .as("secrets are named, not printed: the output is a log")
                    .doesNotContain(env.get("API_KEY"), env.get("JDBC_PASSWORD"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("stack.env"))))
                    .as("the file with the secrets is its owner's only")
                    .isEqualTo("rw-------");
            assertThat(status(env.get("GATEWAY_MANAGEMENT_URL") + "/actuator/health"))
                    .isEqualTo(200);
            assertThat(status(env.get("GATEWAY_URL") + "/readyz")).isEqualTo(200);
            assertThat(status(env.get("GATEWAY_URL") + "/actuator/prometheus"))
                    .as("no operations data on the public port")
                    .isIn(401, 404);
            assertThat(home.resolve("prometheus.yml"))
                    .content()
                    .contains(env.get("GATEWAY_MANAGEMENT_URL").replace("http://", ""));
            assertThat(status(env.get("PROCESSOR_URL") + "/actuator/health")).isEqualTo(200);
            assertThat(stack.printed())
                    .contains(
                            "rating-processor: listing the classes it loads",
                            "ingest-gateway: listing the classes it loads");
            assertThat(tables(env))
                    .contains(
                            "project", "endpoint", "api_key", "feedback_type", "completion_log", "completion_feedback");
            // bin/local-stack --demo: its feed rates completions in the stack's own project through the gateway.
            assertThat(stack.printed()).contains("Demo feedback is flowing into project " + env.get("PROJECT_ID"));
            Awaitility.await()
                    .alias("demo feedback projected")
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () -> strings(
                                            env,
                                            "SELECT count(*) FROM completion_feedback WHERE usage_id LIKE 'demo-%'"
                                                    + " AND project_id = '" + env.get("PROJECT_ID") + "'")
                                    .get(0),
                            count -> Integer.parseInt(count) >= 3);
            FeedbackBatch batch = sampleBatch(UUID.fromString(env.get("PROJECT_ID")));
            RecordMetadata written = produce(env, batch);
            assertThat(readAt(env, written)).isEqualTo(batch);

            // Issue 19 item 10: the services log in as their own roles and never hold the owner's password.
            for (String service : List.of("rating-processor", "ingest-gateway")) {
                String environment = Files.readString(
                                Path.of("/proc", Long.toString(stack.servicePid(service)), "environ"))
                        .replace('\0', '\n');
                assertThat(environment)
                        .as(service + "'s environment")
                        .doesNotContain(env.get("JDBC_PASSWORD"))
                        .doesNotContain("FLYWAY")
                        .as(service + "'s pool opens connections as load asks, not ten before it is ready")
                        .contains("SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE=1")
                        .as(service + " leaves the topics to the supervisor, which created them")
                        .contains("PIPELINE_TOPICS_CREATE=false");
            }
            assertThat(Integer.parseInt(strings(
                                    env,
                                    "SELECT count(*) FROM pg_stat_activity WHERE usename IN"
                                            + " ('feedback_gateway', 'feedback_processor')")
                            .get(0)))
                    .as("the services' database sessions: a fixed pool would hold ten each")
                    .isLessThan(20);

            // A crashed service is restarted with back-off, as a container restart policy would.
            long processor = stack.servicePid("rating-processor");
            ProcessHandle.of(processor).orElseThrow().destroyForcibly();
            awaitRestarted(stack, "rating-processor", processor);
            assertThat(status(env.get("PROCESSOR_URL") + "/actuator/health/readiness"))
                    .isEqualTo(200);
            assertThat(stack.printed()).contains("rating-processor exited with code 137; restarting it");

            StackProcess.Result second = stack.startAnotherInstance();
            assertThat(second.exitCode()).isEqualTo(3);
            assertThat(second.output()).contains("already running").contains(env.get("GATEWAY_URL"));

            // Issue 25: once ready, each service's dependencies' classes are archived in the background.
            Map<String, Path> archives = new LinkedHashMap<>();
            for (String service : List.of("rating-processor", "ingest-gateway")) {
                archives.put(
                        service,
                        Awaitility.await()
                                .alias(service + "'s dependencies archived")
                                .atMost(Duration.ofSeconds(90))
                                .until(() -> dependencyArchive(service), Optional::isPresent)
                                .orElseThrow());
            }
            assertThat(stack.printed()).contains("its dependencies' classes are archived");

            List<ProcessHandle> children = stack.children();
            assertThat(children).hasSize(3);
            stack.terminate();
            assertThat(exitedWithin(children, Duration.ofSeconds(15))).isTrue();

            Map<String, String> restarted = stack.start();
            assertThat(restarted)
                    .containsEntry("API_KEY", env.get("API_KEY"))
                    .containsEntry("PROJECT_ID", env.get("PROJECT_ID"));
            assertThat(projectNames(restarted)).contains("demo");
            assertThat(readAt(restarted, written)).isEqualTo(batch);

            // This run maps the archives the first wrote, for its dependencies' classes.
            for (Map.Entry<String, Path> archive : archives.entrySet()) {
                String service = archive.getKey();
                assertThat(Files.readString(Path.of("/proc", Long.toString(stack.servicePid(service)), "maps")))
                        .as(service + " maps its dependencies' class data sharing archive")
                        .contains(archive.getValue().toString());
            }

            List<ProcessHandle> orphans = stack.children();
            stack.kill();
            assertThat(orphans).allMatch(ProcessHandle::isAlive);
            Map<String, String> afterKill = stack.start();
            assertThat(exitedWithin(orphans, Duration.ofSeconds(15))).isTrue();
            assertThat(stack.printed()).contains("left running by an earlier local stack");
            assertThat(readAt(afterKill, written)).isEqualTo(batch);
            stack.terminate();
        }
    }

    private Optional<Path> dependencyArchive(String service) throws Exception {
        Path sets = home.resolve("class-cache").resolve(service + "-dependencies");
        if (!Files.isDirectory(sets)) {
            return Optional.empty();
        }
        try (var folders = Files.list(sets)) {
            return folders.map(set -> set.resolve("classes.jsa"))
                    .filter(Files::isRegularFile)
                    .findFirst();
        }
    }

    private static void awaitRestarted(StackProcess stack, String service, long crashedPid) throws Exception {
        Awaitility.await()
                .alias(service + " restarted")
                .atMost(Duration.ofSeconds(120))
                .until(() -> stack.servicePid(service) != crashedPid
                        && stack.printed().contains(service + " restarted and ready"));
    }

    private static boolean exitedWithin(List<ProcessHandle> processes, Duration timeout) {
        Awaitility.await()
                .alias("every process exited")
                .atMost(timeout)
                .until(() -> processes.stream().noneMatch(ProcessHandle::isAlive));
        return true;
    }

    private static int status(String url) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static List<String> tables(Map<String, String> env) throws Exception {
        return strings(env, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    }

    private static List<String> projectNames(Map<String, String> env) throws Exception {
        return strings(env, "SELECT name FROM project WHERE id = '" + env.get("PROJECT_ID") + "'");
    }

    private static List<String> strings(Map<String, String> env, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                        env.get("JDBC_URL"), env.get("JDBC_USER"), env.get("JDBC_PASSWORD"));
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static FeedbackBatch sampleBatch(UUID project) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return FeedbackRecords.thumb(project, "system-test-" + UUID.randomUUID(), false, now);
    }

    private static RecordMetadata produce(Map<String, String> env, FeedbackBatch batch) {
        return FeedbackRecords.produce(env.get("KAFKA_BOOTSTRAP_SERVERS"), batch);
    }

    private static FeedbackBatch readAt(Map<String, String> env, RecordMetadata position) {
        return FeedbackRecords.readAt(env.get("KAFKA_BOOTSTRAP_SERVERS"), position);
    }
}
