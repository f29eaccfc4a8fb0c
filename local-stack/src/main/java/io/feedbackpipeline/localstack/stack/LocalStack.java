package io.feedbackpipeline.localstack.stack;

import com.zaxxer.hikari.HikariDataSource;
import io.feedbackpipeline.catalog.CatalogMigrations;
import io.feedbackpipeline.catalog.connection.StackEnvFile;
import io.feedbackpipeline.localstack.FreePorts;
import io.feedbackpipeline.localstack.kafka.KafkaBroker;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import io.feedbackpipeline.localstack.process.ClassDataSharing;
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
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on one machine: PostgreSQL, Kafka, the rating-processor and the ingest-gateway, each started
 * as soon as what it needs runs (the two servers together, then the two services together) and stopped in reverse
 * order. The servers run in this JVM; the services run as separate
 * processes, as in production.
 */
final class LocalStack {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
    static final int PARTITIONS = 3;
    private static final Duration SERVICE_START_TIMEOUT = Duration.ofSeconds(180);

    private final StackSettings settings;
    private final boolean demo;
    /** What runs, newest first; services push themselves from their own start threads. */
    private final Deque<AutoCloseable> running = new ConcurrentLinkedDeque<>();

    private final Map<String, Long> readyAfter = new ConcurrentHashMap<>();
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

        // Each service's class path (its jar extracted into the class cache on a first run, a JVM and ~60 MB copied)
        // needs neither server: prepared while they start.
        CompletableFuture<ClassDataSharing.Launch> processorLaunch =
                prepareLaunch("rating-processor", settings.processorJar());
        CompletableFuture<ClassDataSharing.Launch> gatewayLaunch =
                prepareLaunch("ingest-gateway", settings.gatewayJar());
        // The broker needs nothing from PostgreSQL: both servers start at once, on a thread each.
        CompletableFuture<KafkaBroker> brokerStarting = CompletableFuture.supplyAsync(() -> KafkaBroker.start(
                new KafkaBroker.Settings(settings.kafkaData(), settings.kafkaPort(), settings.kafkaControllerPort())));
        running.push(() -> closeOnceStarted(brokerStarting));
        PostgresServer postgres = PostgresServer.start(new PostgresServer.Settings(
                settings.postgresData(), settings.postgresPort(), settings.postgresConfig()));
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

        KafkaBroker kafka = joined(brokerStarting);
        long creating = System.nanoTime();
        kafka.createTopics(TopicLayout.singleBroker(PARTITIONS));
        log.info("Topics ready in {} ms", (System.nanoTime() - creating) / 1_000_000);

        // The services need the servers, not each other: both start at once and each says when it is ready.
        ServiceEnvironment services = new ServiceEnvironment(kafka.bootstrapServers(), postgres.jdbcUrl(), PARTITIONS);
        CompletableFuture<Void> processor = startService(
                "rating-processor",
                processorLaunch,
                LeanStartup.into(services.processor(settings.processorPort()), System.getenv()),
                settings.processorUrl(),
                ServiceEnvironment.PROCESSOR_READINESS);
        CompletableFuture<Void> gateway = startService(
                "ingest-gateway",
                gatewayLaunch,
                LeanStartup.into(
                        FeedbackTokenSecret.into(
                                services.gateway(settings.gatewayPort(), settings.gatewayManagementPort()),
                                tokenSecret),
                        System.getenv()),
                settings.gatewayUrl(),
                ServiceEnvironment.GATEWAY_READINESS);
        joined(processor);
        joined(gateway);

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
            AutoCloseable part = running.pollFirst();
            if (part == null) {
                break;
            }
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
    private CompletableFuture<Void> startService(
            String name,
            CompletableFuture<ClassDataSharing.Launch> preparing,
            Map<String, String> environment,
            String url,
            String readinessPath) {
        Path pidFile = settings.run().resolve(name + ".pid");
        return CompletableFuture.runAsync(
                () -> {
                    ClassDataSharing.Launch launch = joined(preparing);
                    long began = System.nanoTime();
                    ManagedProcess service = new ManagedProcess(
                            new ManagedProcess.Spec(
                                    name,
                                    launch.command(),
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
                    running.push(launch.onceReady().run());
                    long millis = (System.nanoTime() - began) / 1_000_000;
                    readyAfter.put(name, millis);
                    log.info("{} is ready at {} ({} s)", name, url, millis / 1000.0);
                },
                task -> new Thread(task, "start-" + name).start());
    }

    /** On a thread of its own: the common pool has a single thread on two cores, and the broker starts on it. */
    private CompletableFuture<ClassDataSharing.Launch> prepareLaunch(String name, Path jar) {
        return CompletableFuture.supplyAsync(
                () -> launch(name, jar), task -> new Thread(task, "prepare-" + name).start());
    }

    private ClassDataSharing.Launch launch(String name, Path jar) {
        Optional<Path> cache = settings.classDataSharing() ? Optional.of(settings.classCache()) : Optional.empty();
        return ClassDataSharing.launch(
                cache, name, jar, settings.serviceJvmOptions().get(name));
    }

    /** How long each service took from its start to ready, in milliseconds. */
    Map<String, Long> readyAfter() {
        return Map.copyOf(readyAfter);
    }

    /** The result of a part started on its own thread; its failure is this start's failure. */
    private static <T> T joined(CompletableFuture<T> starting) {
        try {
            return starting.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    private static void closeOnceStarted(CompletableFuture<KafkaBroker> starting) {
        KafkaBroker broker;
        try {
            broker = starting.join();
        } catch (CompletionException e) {
            return; // it never ran
        }
        broker.close();
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
