package io.feedbackpipeline.systemtests.faults;

import com.zaxxer.hikari.HikariDataSource;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.CatalogMigrations;
import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.localstack.FreePorts;
import io.feedbackpipeline.localstack.kafka.KafkaBrokerMain;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import io.feedbackpipeline.localstack.process.ManagedProcess;
import io.feedbackpipeline.localstack.process.RestartPolicy;
import io.feedbackpipeline.schemas.contract.TopicLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The pipeline as separate processes on this machine, each of which a fault scenario can stop, kill, freeze and
 * start again: PostgreSQL (its own server process), a Kafka broker in a JVM of its own, up to three processors and
 * a gateway, each run from its packaged jar under a restart policy (a killed one comes back after 1 s, as under a
 * container runtime). One tenant with a NUMERIC feedback type serves every scenario.
 */
final class FaultCluster implements AutoCloseable {

    static final int PARTITIONS = 6;
    static final int MAX_PROCESSORS = 3;
    static final Duration AUTH_CACHE_TTL = Duration.ofSeconds(5);
    private static final Duration READY = Duration.ofSeconds(120);
    private static final List<String> SERVICE_JVM = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

    private final Path home;
    private final PostgresServer postgres;
    private final HikariDataSource owner;
    private final ManagedProcess broker;
    private final String bootstrapServers;
    private final List<Supervised> processors = new ArrayList<>();
    private final Supervised gateway;
    private final int gatewayPort;
    private final UUID projectId;
    private final UUID endpointId;
    private final String apiKey;
    private final int numericTypeId;

    /** A service process and its restart policy. */
    record Supervised(ManagedProcess process, RestartPolicy policy) {}

    FaultCluster(Path home) throws Exception {
        this.home = home;
        postgres = PostgresServer.start(new PostgresServer.Settings(home.resolve("postgres"), FreePorts.pick()));
        owner = postgres.newDataSource("fault-suite");
        CatalogMigrations.migrate(owner, CatalogMigrations.ServiceRoles.DEFAULT);

        int kafkaPort = FreePorts.pick();
        bootstrapServers = "127.0.0.1:" + kafkaPort;
        broker = new ManagedProcess(new ManagedProcess.Spec("kafka", ManagedProcess.Spec.javaMain(
                System.getProperty("java.class.path"), KafkaBrokerMain.class.getName(), List.of("-Xmx512m"),
                List.of(home.resolve("kafka").toString(), Integer.toString(kafkaPort),
                        Integer.toString(FreePorts.pick()))), Map.of(), home.resolve("logs/kafka.log"), null));
        startBroker();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicLayout.singleBroker(PARTITIONS).createMissing(admin, Duration.ofSeconds(30));
        }

        CatalogAdmin catalog = new CatalogAdmin(owner);
        projectId = catalog.createProject("fault-suite").id();
        endpointId = catalog.createEndpoint(projectId, "endpoint").id();
        apiKey = catalog.issueApiKey(projectId, "load").secret().value();
        numericTypeId = catalog.createFeedbackType(projectId, "sequence", FeedbackKind.NUMERIC, null, null)
                .orElseThrow().id();

        startProcessor();
        gatewayPort = FreePorts.pick();
        Map<String, String> gatewayEnvironment = new LinkedHashMap<>(commonEnvironment());
        gatewayEnvironment.put("SERVER_PORT", Integer.toString(gatewayPort));
        gatewayEnvironment.put("SPRING_DATASOURCE_USERNAME", PostgresServer.GATEWAY.name());
        gatewayEnvironment.put("SPRING_DATASOURCE_PASSWORD", PostgresServer.GATEWAY.password());
        gatewayEnvironment.put("PIPELINE_GATEWAY_AUTH_CACHE_TTL", AUTH_CACHE_TTL.toMillis() + "ms");
        gatewayEnvironment.put("PIPELINE_GATEWAY_RATE_LIMIT_ENABLED", "false");
        gateway = supervise("ingest-gateway", jar("gateway.jar"), gatewayEnvironment,
                gatewayUrl() + "/actuator/health/liveness");
    }

    /** Starts one more processor (up to three); dynamic group membership, as by default. */
    void startProcessor() {
        int index = processors.size() + 1;
        if (index > MAX_PROCESSORS) {
            throw new IllegalStateException("at most " + MAX_PROCESSORS + " processors");
        }
        int port = FreePorts.pick();
        Map<String, String> environment = new LinkedHashMap<>(commonEnvironment());
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("SPRING_DATASOURCE_USERNAME", PostgresServer.PROCESSOR.name());
        environment.put("SPRING_DATASOURCE_PASSWORD", PostgresServer.PROCESSOR.password());
        environment.put("SPRING_FLYWAY_USER", PostgresServer.OWNER.name());
        environment.put("SPRING_FLYWAY_PASSWORD", PostgresServer.OWNER.password());
        environment.put("PIPELINE_PROCESSOR_CONCURRENCY", "2");
        environment.put("PIPELINE_PROCESSOR_RETRY_MAX_INTERVAL", "2s");
        processors.add(supervise("rating-processor-" + index, jar("processor.jar"), environment,
                "http://127.0.0.1:" + port + "/actuator/health/liveness"));
    }

    /** Stops the newest processor gracefully: it leaves the group. */
    void stopNewestProcessor() {
        processors.remove(processors.size() - 1).policy().close();
    }

    List<ManagedProcess> processors() {
        return processors.stream().map(Supervised::process).toList();
    }

    ManagedProcess gateway() {
        return gateway.process();
    }

    ManagedProcess broker() {
        return broker;
    }

    void startBroker() {
        broker.start();
        awaitBroker(READY);
    }

    PostgresServer postgres() {
        return postgres;
    }

    HikariDataSource owner() {
        return owner;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    UUID projectId() {
        return projectId;
    }

    UUID endpointId() {
        return endpointId;
    }

    String apiKey() {
        return apiKey;
    }

    int numericTypeId() {
        return numericTypeId;
    }

    Path logs() {
        return home.resolve("logs");
    }

    /** Waits until every processor and the gateway answer their liveness. */
    void awaitServicesUp() {
        processors().forEach(process -> process.awaitReady(READY));
        gateway().awaitReady(READY);
    }

    private void awaitBroker(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000))) {
                admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (!broker.isAlive()) {
                    throw new IllegalStateException("the broker exited:\n" + broker.logTail(30));
                }
            }
        }
        throw new IllegalStateException("the broker was not ready in " + timeout + ":\n" + broker.logTail(30));
    }

    private Map<String, String> commonEnvironment() {
        return Map.of(
                "SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                "SPRING_DATASOURCE_URL", postgres.jdbcUrl(),
                "PIPELINE_TOPICS_PARTITIONS", Integer.toString(PARTITIONS));
    }

    private Supervised supervise(String name, Path jar, Map<String, String> environment, String readinessUrl) {
        ManagedProcess process = new ManagedProcess(new ManagedProcess.Spec(name,
                ManagedProcess.Spec.javaJar(jar, SERVICE_JVM), environment, home.resolve("logs/" + name + ".log"),
                readinessUrl));
        RestartPolicy policy = new RestartPolicy(process, READY, Clock.systemUTC());
        policy.startAndWatch();
        return new Supervised(process, policy);
    }

    private static Path jar(String property) {
        Path jar = Path.of(System.getProperty(property));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no " + jar + ": build the services first (./mvnw -DskipTests install)");
        }
        return jar;
    }

    @Override
    public void close() {
        List<Supervised> all = new ArrayList<>(processors);
        all.add(gateway);
        for (Supervised service : all) {
            service.policy().close();
        }
        broker.terminate(Duration.ofSeconds(30));
        owner.close();
        postgres.close();
    }
}
