package io.feedbackpipeline.localstack.cluster;

import com.zaxxer.hikari.HikariDataSource;
import io.feedbackpipeline.catalog.CatalogMigrations;
import io.feedbackpipeline.localstack.FreePorts;
import io.feedbackpipeline.localstack.kafka.KafkaBrokerMain;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import io.feedbackpipeline.localstack.process.ClassDataSharing;
import io.feedbackpipeline.localstack.process.JavaMain;
import io.feedbackpipeline.localstack.process.ManagedProcess;
import io.feedbackpipeline.localstack.process.RestartPolicy;
import io.feedbackpipeline.localstack.process.ServiceEnvironment;
import io.feedbackpipeline.localstack.process.ServiceJvm;
import io.feedbackpipeline.schemas.contract.TopicLayout;
import io.feedbackpipeline.schemas.registry.BundledRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The pipeline as separate processes on this machine, for fault tests and benchmarks: PostgreSQL (its own server
 * process), a Kafka broker in a JVM of its own, processors and a gateway run from their packaged jars under restart
 * policies. Each can be stopped, killed, frozen and started again, and measured on its own.
 */
public final class PipelineProcesses implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(120);

    /**
     * How to run it.
     *
     * @param serviceJvm JVM options of the gateway and the processors
     * @param processorEnvironment extra environment of every processor (e.g. tunables)
     * @param gatewayEnvironment extra environment of the gateway
     * @param classCache where the services' class data sharing archives are kept ({@code ClassDataSharing}), or null
     *     to start them without (a benchmark that must not share its CPU with an archive being written)
     */
    public record Options(
            Path home,
            Path gatewayJar,
            Path processorJar,
            int partitions,
            List<String> serviceJvm,
            Map<String, String> processorEnvironment,
            Map<String, String> gatewayEnvironment,
            Path classCache) {}

    /** A service process and its restart policy. */
    private record Supervised(ManagedProcess process, RestartPolicy policy, int port) {}

    private final Options options;
    private final PostgresServer postgres;
    private final HikariDataSource owner;
    private final ManagedProcess broker;
    private final String bootstrapServers;
    private final List<Supervised> processors = new ArrayList<>();
    private Supervised gateway;
    /** Archives being written once a service was ready: closed (waited for a while) before the processes stop. */
    private final List<ClassDataSharing.Launch.Background> archiving = new CopyOnWriteArrayList<>();

    private final int gatewayPort = FreePorts.pick();

    private final int gatewayManagementPort = FreePorts.pick();

    private PipelineProcesses(Options options) {
        this.options = options;
        for (Path jar : List.of(options.gatewayJar(), options.processorJar())) {
            if (!Files.exists(jar)) {
                throw new IllegalStateException(
                        "no " + jar + ": build the services first (./mvnw -DskipTests install)");
            }
        }
        postgres = PostgresServer.start(new PostgresServer.Settings(
                options.home().resolve("postgres"),
                FreePorts.pick(),
                // The local stack's variable: a benchmark can measure what a setting does.
                PostgresServer.serverConfig(System.getenv("STACK_POSTGRES_SETTINGS"))));
        owner = postgres.newDataSource("pipeline-processes");
        CatalogMigrations.migrate(owner, CatalogMigrations.ServiceRoles.DEFAULT);
        int kafkaPort = FreePorts.pick();
        bootstrapServers = "127.0.0.1:" + kafkaPort;
        broker = new ManagedProcess(new ManagedProcess.Spec(
                "kafka",
                JavaMain.command(
                        KafkaBrokerMain.class.getName(),
                        List.of("-Xmx512m"),
                        List.of(
                                options.home().resolve("kafka").toString(),
                                Integer.toString(kafkaPort),
                                Integer.toString(FreePorts.pick()))),
                Map.of(),
                logs().resolve("kafka.log"),
                null));
        startBroker();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicLayout.singleBroker(options.partitions()).createMissing(admin, Duration.ofSeconds(30));
        }
    }

    /** Starts PostgreSQL and the broker, migrates and creates the topics; services are started separately. */
    public static PipelineProcesses start(Options options) {
        return new PipelineProcesses(options);
    }

    /** Starts one more processor, and waits until it is live. */
    public ManagedProcess startProcessor() {
        return startProcessor(Map.of());
    }

    /** Starts one more processor with settings of its own on top of the options', and waits until it is live. */
    public ManagedProcess startProcessor(Map<String, String> extraEnvironment) {
        Supervised processor = processor(processors.size() + 1, extraEnvironment);
        processors.add(processor);
        return processor.process();
    }

    /**
     * Starts {@code count} more processors at once, as a group grows when a deployment scales out, and waits until
     * every one is live (on 2 cores ~10 s less for two than one after the other).
     */
    public void startProcessors(int count) {
        int first = processors.size() + 1;
        List<CompletableFuture<Supervised>> starting = IntStream.range(first, first + count)
                .mapToObj(number -> CompletableFuture.supplyAsync(
                        () -> processor(number, Map.of()),
                        task -> new Thread(task, "start-processor-" + number).start()))
                .toList();
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new))
                .exceptionally(failure -> null)
                .join();
        // Those that started are stopped by close() even when another did not start.
        starting.stream()
                .filter(start -> !start.isCompletedExceptionally())
                .forEach(start -> processors.add(start.join()));
        starting.forEach(CompletableFuture::join);
    }

    private Supervised processor(int number, Map<String, String> extraEnvironment) {
        int port = FreePorts.pick();
        Map<String, String> environment = new LinkedHashMap<>(services().processor(port));
        environment.putAll(options.processorEnvironment());
        environment.putAll(extraEnvironment);
        return supervise(
                "rating-processor-" + number,
                "rating-processor",
                options.processorJar(),
                environment,
                port,
                ServiceEnvironment.PROCESSOR_LIVENESS);
    }

    /**
     * Starts a processor and the gateway side by side, as the local stack does (each needs the broker and the
     * database, not the other), and waits until both are live: ~10 s less than one after the other on 2 cores.
     */
    public void startServices() {
        CompletableFuture<ManagedProcess> processor = CompletableFuture.supplyAsync(
                this::startProcessor, task -> new Thread(task, "start-processor").start());
        try {
            startGateway();
        } finally {
            // A gateway that does not start leaves the processor starting beside it: once it is in the list, the
            // caller's close() stops it instead of leaving it running after the caller has gone.
            processor.exceptionally(failure -> null).join();
        }
        processor.join();
    }

    /** Stops the newest processor gracefully: it leaves the group. */
    public void stopNewestProcessor() {
        processors.remove(processors.size() - 1).policy().close();
    }

    /** Starts the gateway, and waits until it is live. */
    public ManagedProcess startGateway() {
        Map<String, String> environment = new LinkedHashMap<>(services().gateway(gatewayPort, gatewayManagementPort));
        environment.putAll(options.gatewayEnvironment());
        gateway = supervise(
                "ingest-gateway",
                "ingest-gateway",
                options.gatewayJar(),
                environment,
                gatewayPort,
                ServiceEnvironment.GATEWAY_LIVENESS);
        return gateway.process();
    }

    public List<ManagedProcess> processors() {
        return processors.stream().map(Supervised::process).toList();
    }

    public String processorUrl(int index) {
        return "http://127.0.0.1:" + processors.get(index).port();
    }

    public ManagedProcess gateway() {
        return gateway.process();
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    /** The gateway's operations port: metrics and detailed health. */
    public String gatewayManagementUrl() {
        return "http://127.0.0.1:" + gatewayManagementPort;
    }

    /** The gateway's read-only Confluent-compatible registry API. */
    public String schemaRegistryUrl() {
        return gatewayUrl() + BundledRegistry.SERVED_AT;
    }

    public ManagedProcess broker() {
        return broker;
    }

    public void startBroker() {
        broker.start();
        awaitBroker();
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** A pool as the owner of the database, for arranging and measuring. */
    public HikariDataSource owner() {
        return owner;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logs() {
        return options.home().resolve("logs");
    }

    /** Waits until every service answers its liveness. */
    public void awaitServicesUp() {
        processors().forEach(process -> process.awaitReady(READY));
        if (gateway != null) {
            gateway.process().awaitReady(READY);
        }
    }

    private void awaitBroker() {
        long deadline = System.nanoTime() + READY.toNanos();
        while (System.nanoTime() < deadline) {
            try (Admin admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    2_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                    3_000))) {
                admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                if (!broker.isAlive()) {
                    throw new IllegalStateException("the broker exited:\n" + broker.logTail(30));
                }
            }
        }
        throw new IllegalStateException("the broker was not ready in " + READY + ":\n" + broker.logTail(30));
    }

    /**
     * The services' environment. The cluster watches liveness, not readiness: a service restarted during an outage
     * it is riding out (the database down) is alive, not ready, and must not be restarted again for that.
     */
    private ServiceEnvironment services() {
        return new ServiceEnvironment(bootstrapServers, postgres.jdbcUrl(), options.partitions());
    }

    private Supervised supervise(
            String name, String service, Path jar, Map<String, String> environment, int port, String livenessPath) {
        // The local stack's variables (GATEWAY_JAVA_OPTS, ...): a benchmark can measure what an option does.
        List<String> jvm = new ArrayList<>(options.serviceJvm());
        jvm.addAll(ServiceJvm.own(service, System.getenv()));
        ClassDataSharing.Launch launch =
                ClassDataSharing.launch(Optional.ofNullable(options.classCache()), service, jar, jvm);
        ManagedProcess process = new ManagedProcess(new ManagedProcess.Spec(
                name,
                launch.command(),
                environment,
                logs().resolve(name + ".log"),
                "http://127.0.0.1:" + port + livenessPath));
        RestartPolicy policy = new RestartPolicy(process, READY, Clock.systemUTC());
        try {
            policy.startAndWatch();
        } catch (RuntimeException notReady) {
            policy.close(); // one that is still running but never became ready is not left behind
            throw notReady;
        }
        archiving.add(launch.onceReady().run());
        return new Supervised(process, policy, port);
    }

    @Override
    public void close() {
        List<Supervised> all = new ArrayList<>(processors);
        if (gateway != null) {
            all.add(gateway);
        }
        for (ClassDataSharing.Launch.Background archive : archiving) {
            try {
                archive.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        all.forEach(service -> service.policy().close());
        broker.terminate(Duration.ofSeconds(30));
        owner.close();
        postgres.close();
    }
}
