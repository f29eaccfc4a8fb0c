package io.feedbackpipeline.localstack.kafka;

import io.feedbackpipeline.schemas.contract.TopicLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), from the kafka_2.13 jars, with
 * its log directory on disk so its data survives a restart. It can be stopped and started again on the same
 * ports and data, which is how tests simulate a broker outage.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

    /** Where and on which loopback ports the broker runs. */
    public record Settings(Path dataDirectory, int port, int controllerPort) {}

    private final Settings settings;
    private KafkaRaftServer server;

    private KafkaBroker(Settings settings) {
        this.settings = settings;
    }

    /** Formats the data directory on first use, then starts the broker and waits until it serves requests. */
    public static KafkaBroker start(Settings settings) {
        KafkaBroker broker = new KafkaBroker(settings);
        broker.start();
        return broker;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        long began = System.nanoTime();
        KafkaConfig config = KafkaConfig.fromProps(serverProperties());
        formatStorageIfNew();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        awaitReady();
        log.info("Kafka broker ready at {} in {} ms", bootstrapServers(), (System.nanoTime() - began) / 1_000_000);
    }

    /** Stops the broker; its data stays on disk for {@link #start()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        log.info("Kafka broker at {} stopped", bootstrapServers());
    }

    @Override
    public void close() {
        stop();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + settings.port();
    }

    /** Creates the pipeline's topics that do not exist yet. */
    public void createTopics(TopicLayout layout) {
        try (Admin admin = admin()) {
            layout.createMissing(admin, Duration.ofSeconds(30));
        }
    }

    public Set<String> topicNames() {
        try (Admin admin = admin()) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot list topics", e);
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    private void awaitReady() {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka broker did not become ready at " + bootstrapServers(), e);
        }
    }

    private Properties serverProperties() {
        String listener = "127.0.0.1:" + settings.port();
        String controller = "127.0.0.1:" + settings.controllerPort();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@" + controller);
        p.put("listeners", "PLAINTEXT://" + listener + ",CONTROLLER://" + controller);
        p.put("advertised.listeners", "PLAINTEXT://" + listener);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDirectory().toString());
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "3");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Kafka 4's consumer group protocol: the broker paces assignments by heartbeats and detects a dead member by
        // its session timeout. On one machine, a 1 s heartbeat settles assignments quickly and a 10 s session bounds
        // the pause a crashed processor causes to its own partitions (a static member restarted sooner takes them
        // back at once). Production brokers keep their own settings (defaults 5 s and 45 s).
        p.put("group.consumer.min.heartbeat.interval.ms", "500");
        p.put("group.consumer.heartbeat.interval.ms", "1000");
        p.put("group.consumer.min.session.timeout.ms", "6000");
        p.put("group.consumer.session.timeout.ms", "10000");
        return p;
    }

    private Path logDirectory() {
        return settings.dataDirectory().toAbsolutePath();
    }

    private void formatStorageIfNew() {
        if (Files.exists(logDirectory().resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDirectory());
            new Formatter()
                    .setPrintStream(new PrintStream(new LogLines(), true, StandardCharsets.UTF_8))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDirectory().toString()))
                    .setMetadataLogDirectory(logDirectory().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDirectory(), e);
        }
    }

    /** Sends the formatter's console output to the log instead of stdout. */
    private static final class LogLines extends OutputStream {
        private final StringBuilder line = new StringBuilder();

        @Override
        public void write(int b) {
            if (b == '\n') {
                log.debug("kafka-storage: {}", line);
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
    }
}
