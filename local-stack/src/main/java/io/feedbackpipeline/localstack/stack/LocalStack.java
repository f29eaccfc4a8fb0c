package io.feedbackpipeline.localstack.stack;

import com.zaxxer.hikari.HikariDataSource;
import io.feedbackpipeline.catalog.CatalogMigrations;
import io.feedbackpipeline.catalog.connection.StackEnvFile;
import io.feedbackpipeline.localstack.FreePorts;
import io.feedbackpipeline.localstack.kafka.KafkaBroker;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import io.feedbackpipeline.localstack.process.ManagedProcess;
import io.feedbackpipeline.localstack.process.RestartPolicy;
import io.feedbackpipeline.localstack.process.ServiceEnvironment;
import io.feedbackpipeline.schemas.contract.TopicLayout;
import io.feedbackpipeline.schemas.registry.BundledRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on one machine: PostgreSQL, Kafka, the rating-processor and the ingest-gateway, started in
 * dependency order and stopped in reverse order. The servers run in this JVM; the services run as separate
 * processes, as in production.
 */
final class LocalStack {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    static final int PARTITIONS = 3;
    private static final Duration SERVICE_START_TIMEOUT = Duration.ofSeconds(180);

    private final StackSettings settings;
    private final boolean demo;
    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** @param demo whether a stream of demo feedback flows once the stack is up ({@link DemoFeed}) */
    LocalStack(StackSettings settings, boolean demo) {
        this.settings = settings;
        this.demo = demo;
    }

    /** Starts every part and returns what a user needs to reach them. */
    Map<String, String> start() {
        OrphanReaper.reap(settings);
        requireFreePorts();

        PostgresServer postgres =
                PostgresServer.start(new PostgresServer.Settings(settings.postgresData(), settings.postgresPort()));
        running.push(postgres);
        DemoTenant tenant;
        DemoCatalog demoCatalog = null;
        String tokenSecret;
        try (HikariDataSource dataSource = postgres.newDataSource("local-stack")) {
            int applied = CatalogMigrations.migrate(dataSource, CatalogMigrations.ServiceRoles.DEFAULT);
            log.info("Database schema is current ({} migrations applied now)", applied);
            Map<String, String> previous = StackEnvFile.read(settings.envFile());
            tenant = DemoTenant.ensure(dataSource, previous);
            tokenSecret = FeedbackTokenSecret.reuseOrCreate(previous);
            if (demo) {
                demoCatalog = DemoCatalog.ensure(dataSource, tenant.projectId());
            }
        }

        KafkaBroker kafka = KafkaBroker.start(
                new KafkaBroker.Settings(settings.kafkaData(), settings.kafkaPort(), settings.kafkaControllerPort()));
        running.push(kafka);
        kafka.createTopics(TopicLayout.singleBroker(PARTITIONS));

        ServiceEnvironment services = new ServiceEnvironment(kafka.bootstrapServers(), postgres.jdbcUrl(), PARTITIONS);
        startService(
                "rating-processor",
                settings.processorJar(),
                services.processor(settings.processorPort()),
                settings.processorUrl(),
                ServiceEnvironment.PROCESSOR_READINESS);
        startService(
                "ingest-gateway",
                settings.gatewayJar(),
                FeedbackTokenSecret.into(
                        services.gateway(settings.gatewayPort(), settings.gatewayManagementPort()), tokenSecret),
                settings.gatewayUrl(),
                ServiceEnvironment.GATEWAY_READINESS);

        Map<String, String> env = new LinkedHashMap<>();
        env.put("GATEWAY_URL", settings.gatewayUrl());
        env.put("GATEWAY_MANAGEMENT_URL", settings.gatewayManagementUrl());
        env.put("PROCESSOR_URL", settings.processorUrl());
        env.put("API_KEY", tenant.apiKey());
        env.put("PROJECT_ID", tenant.projectId().toString());
        env.put("ENDPOINT_ID", tenant.endpointId().toString());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", schemaRegistryUrl());
        env.put("JDBC_URL", postgres.jdbcUrl());
        env.put("JDBC_USER", PostgresServer.OWNER.name());
        env.put("JDBC_PASSWORD", PostgresServer.OWNER.password());
        env.put(FeedbackTokenSecret.ENV, tokenSecret);
        StackEnvFile.write(settings.envFile(), env);
        ScrapeConfig.write(
                settings.home().resolve("prometheus.yml"), settings.gatewayManagementPort(), settings.processorPort());
        if (demoCatalog != null) {
            running.push(new DemoFeed(env, demoCatalog));
            log.info("Demo feedback is flowing into project {}", tenant.projectId());
        }
        return env;
    }

    /** The gateway's read-only Confluent-compatible registry API, for direct producers (the processor needs none). */
    private String schemaRegistryUrl() {
        return settings.gatewayUrl() + BundledRegistry.SERVED_AT;
    }

    /** Stops every started part, newest first; safe to call more than once. */
    synchronized void stop() {
        while (!running.isEmpty()) {
            AutoCloseable part = running.pop();
            try {
                part.close();
            } catch (Exception e) {
                log.error("Failed to stop {}: {}", part, e.toString());
            }
        }
        stopped.countDown();
    }

    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Starts a service as its own process and supervises it: a crash (even SIGKILL) is followed by a restart with
     * back-off, logged, as a container restart policy would. Its pid is recorded so that a later run can stop it if
     * this supervisor is killed without a chance to.
     */
    private void startService(
            String name, Path jar, Map<String, String> environment, String url, String readinessPath) {
        Path pidFile = settings.run().resolve(name + ".pid");
        ManagedProcess service = new ManagedProcess(
                new ManagedProcess.Spec(
                        name,
                        ManagedProcess.Spec.javaJar(jar, settings.serviceJvmOptions()),
                        environment,
                        settings.logs().resolve(name + ".log"),
                        url + readinessPath),
                started -> record(pidFile, started));
        RestartPolicy supervision = new RestartPolicy(service, SERVICE_START_TIMEOUT, Clock.systemUTC());
        running.push(() -> {
            supervision.close();
            OrphanReaper.forget(pidFile);
            log.info("Stopped {}", name);
        });
        supervision.startAndWatch();
        log.info("{} is ready at {}", name, url);
    }

    private static void record(Path pidFile, ProcessHandle started) {
        try {
            Files.createDirectories(pidFile.getParent());
            OrphanReaper.record(pidFile, started);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void requireFreePorts() {
        List<String> busy = settings.ports().entrySet().stream()
                .filter(port -> !FreePorts.isFree(port.getValue()))
                .map(port -> port.getValue() + " (" + port.getKey() + ")")
                .sorted()
                .toList();
        if (!busy.isEmpty()) {
            throw new StackException("port(s) " + String.join(", ", busy)
                    + " already in use by another program; free them or choose others with those variables");
        }
    }
}
