package io.feedbackpipeline.systemtests.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.localstack.FreePorts;
import io.feedbackpipeline.localstack.junit.RegistryStandIn;
import io.feedbackpipeline.localstack.secrets.SecretsInLogs;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.feedbackpipeline.schemas.contract.DeadLetterHeaders;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.ConfluentFraming;
import io.feedbackpipeline.schemas.serde.EventSerializer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite: a load client keeps a ledger of every acknowledged request while each scenario kills and breaks
 * real processes; then the ledger is checked against the tables and the topics. Every scenario must end with
 * nothing lost, duplicated in effect or stale, no valid data dead-lettered and no 5xx but honest 503s.
 *
 * <p>{@code -Dfault.suite=full} runs the documented full version (docs/reliability.md); the default is the short
 * version that {@code ./mvnw verify} runs. The table is written to {@code target/fault-suite.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    /** How hard each scenario pushes. */
    record Size(
            boolean full,
            int perSecond,
            int processorKills,
            Duration killEvery,
            int gatewayKills,
            Duration postgresDown,
            Duration readOnly,
            Duration brokerDown,
            Duration brokerFrozen,
            Duration settle,
            int poison,
            int hostile,
            Duration oversizedFor) {
        static final Size SHORT = new Size(
                false,
                40,
                2,
                // Long enough for a killed processor's restart (~10 s on 2 cores): the second kill may find its
                // successor still starting, a fault of its own.
                Duration.ofSeconds(10),
                1,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(3),
                20,
                300,
                Duration.ofSeconds(10));
        static final Size FULL = new Size(
                true,
                60,
                20,
                Duration.ofSeconds(15),
                3,
                Duration.ofSeconds(30),
                Duration.ofSeconds(20),
                Duration.ofSeconds(20),
                Duration.ofSeconds(15),
                Duration.ofSeconds(8),
                200,
                10_000,
                Duration.ofSeconds(60));
    }

    private static final Size SIZE = "full".equals(System.getProperty("fault.suite")) ? Size.FULL : Size.SHORT;
    private static final List<ScenarioResult> RESULTS = new ArrayList<>();
    private static final List<String> SECRETS = new ArrayList<>();

    @TempDir
    static Path home;

    static FaultCluster cluster;
    static RegistryStandIn externalRegistry;
    static long began;

    @BeforeAll
    static void startCluster() throws Exception {
        began = System.nanoTime();
        externalRegistry = new RegistryStandIn(URI.create("http://127.0.0.1:" + FreePorts.pick() + "/registry"));
        externalRegistry.start();
        cluster = new FaultCluster(home, externalRegistry.baseUrl());
        SECRETS.add(cluster.apiKey());
    }

    @AfterAll
    static void report() throws Exception {
        try {
            String table = "Fault suite (" + (SIZE.full() ? "full" : "short") + "), "
                    + (System.nanoTime() - began) / 1_000_000_000 + " s including start-up\n\n"
                    + ScenarioResult.table(RESULTS);
            System.out.println(table);
            Files.writeString(Path.of("target", "fault-suite.md"), table);
            copyLogs(Path.of("target", "fault-suite-logs"));
        } finally {
            if (cluster != null) {
                cluster.close();
            }
            if (externalRegistry != null) {
                externalRegistry.close();
            }
        }
    }

    @Test
    @Order(1)
    @DisplayName("kill -9 of a processor mid-batch, again and again under load")
    void processorKills() throws Exception {
        Scenario scenario = Scenario.start("processor kill -9 ×" + SIZE.processorKills(), cluster, SIZE.perSecond());
        sleep(SIZE.settle());
        for (int kill = 0; kill < SIZE.processorKills(); kill++) {
            cluster.processors().get(kill % cluster.processors().size()).kill();
            sleep(SIZE.killEvery());
        }
        record(scenario.finish("restarted by the restart policy; its partitions wait for the session timeout"));
    }

    @Test
    @Order(2)
    @DisplayName("kill -9 of the gateway under load")
    void gatewayKills() throws Exception {
        Scenario scenario = Scenario.start("gateway kill -9 ×" + SIZE.gatewayKills(), cluster, SIZE.perSecond());
        sleep(SIZE.settle());
        for (int kill = 0; kill < SIZE.gatewayKills(); kill++) {
            cluster.gateway().kill();
            sleep(SIZE.killEvery().plus(SIZE.settle()));
        }
        record(scenario.finish("clients retried connection errors with their Idempotency-Key"));
    }

    @Test
    @Order(3)
    @DisplayName("PostgreSQL stopped under load, then started")
    void postgresStopped() throws Exception {
        Scenario scenario = Scenario.start(
                "PostgreSQL stopped " + SIZE.postgresDown().toSeconds() + " s", cluster, SIZE.perSecond());
        sleep(SIZE.settle());
        cluster.postgres().stop();
        sleep(SIZE.postgresDown());
        cluster.postgres().start();
        sleep(SIZE.settle());
        record(scenario.finish("the processor waited, nothing dead-lettered"));
    }

    @Test
    @Order(4)
    @DisplayName("PostgreSQL killed with -9 under load, then started (crash recovery)")
    void postgresKilled() throws Exception {
        Scenario scenario = Scenario.start("PostgreSQL kill -9", cluster, SIZE.perSecond());
        sleep(SIZE.settle());
        cluster.postgres().kill();
        sleep(Duration.ofSeconds(2));
        cluster.postgres().start();
        sleep(SIZE.settle());
        record(scenario.finish("recovered from its write-ahead log"));
    }

    @Test
    @Order(5)
    @DisplayName("a read-only failover (default_transaction_read_only, every session reconnected)")
    void readOnlyFailover() throws Exception {
        Scenario scenario =
                Scenario.start("read-only failover " + SIZE.readOnly().toSeconds() + " s", cluster, SIZE.perSecond());
        sleep(SIZE.settle());
        asSuperuser("ALTER DATABASE feedback SET default_transaction_read_only = on");
        reconnectEverySession();
        sleep(SIZE.readOnly());
        asSuperuser("ALTER DATABASE feedback SET default_transaction_read_only = off");
        reconnectEverySession();
        sleep(SIZE.settle());
        record(scenario.finish("SQLState 25006 retried, not dead-lettered"));
    }

    @Test
    @Order(6)
    @DisplayName("the broker stopped under load: 503 only while it is down, recovery by itself")
    void brokerStopped() throws Exception {
        Scenario scenario =
                Scenario.start("broker stopped " + SIZE.brokerDown().toSeconds() + " s", cluster, SIZE.perSecond());
        sleep(SIZE.settle());
        cluster.broker().terminate(Duration.ofSeconds(30));
        Instant down = Instant.now();
        sleep(SIZE.brokerDown());
        Instant up = Instant.now();
        cluster.startBroker();
        sleep(SIZE.settle());
        long successesWhileDown = scenario.ledger().successesBetween(down, up);
        ScenarioResult result = scenario.finish(successesWhileDown + " 2xx while the broker was down");
        record(result);
        assertThat(successesWhileDown).as("never 2xx while the broker is down").isZero();
        assertThat(result.answered503()).as("503s while it was down").isPositive();
    }

    @Test
    @Order(7)
    @DisplayName("the broker frozen (SIGSTOP): unconfirmed 503s, retried with the same Idempotency-Key")
    void brokerFrozen() throws Exception {
        Scenario scenario =
                Scenario.start("broker frozen " + SIZE.brokerFrozen().toSeconds() + " s", cluster, SIZE.perSecond());
        sleep(SIZE.settle());
        cluster.broker().freeze();
        try {
            sleep(SIZE.brokerFrozen());
        } finally {
            cluster.broker().thaw();
        }
        sleep(SIZE.settle());
        record(scenario.finish("first attempts stored after their 503 were retried without a duplicate"));
    }

    @Test
    @Order(8)
    @DisplayName("processors joining and leaving a 3-instance group under load")
    void rebalances() throws Exception {
        Scenario scenario = Scenario.start("processors join and leave (1→3→1)", cluster, SIZE.perSecond());
        sleep(SIZE.settle());
        cluster.startProcessors(2);
        sleep(SIZE.settle());
        cluster.processors().get(1).kill(); // crashes; the restart policy brings it back
        sleep(SIZE.killEvery());
        cluster.stopNewestProcessor();
        sleep(SIZE.settle());
        cluster.stopNewestProcessor();
        sleep(SIZE.settle());
        record(scenario.finish("cooperative rebalances: joins, a crash and leaves"));
    }

    @Test
    @Order(9)
    @DisplayName("poison from a direct producer mixed into valid traffic is dead-lettered, and only it")
    void poison() throws Exception {
        Scenario scenario =
                Scenario.start("poison from a direct producer ×" + SIZE.poison(), cluster, SIZE.perSecond());
        sleep(SIZE.settle());
        producePoison(SIZE.poison());
        sleep(SIZE.settle());
        ScenarioResult result = scenario.finish("");
        record(result);
        assertThat(result.notes()).contains(SIZE.poison() + " poison dead letters");
    }

    @Test
    @Order(10)
    @DisplayName("hostile HTTP traffic beside valid traffic: every hostile request a 4xx problem+json")
    void hostileTraffic() throws Exception {
        Scenario scenario =
                Scenario.start(String.format("%,d hostile HTTP requests", SIZE.hostile()), cluster, SIZE.perSecond());
        CatalogAdmin catalog = new CatalogAdmin(cluster.owner());
        UUID stranger = catalog.createProject("stranger").id();
        String foreignEndpoint = catalog.createEndpoint(stranger, "theirs").id().toString();
        int foreignType = catalog.createFeedbackType(stranger, "theirs", FeedbackKind.BOOLEAN, null, null)
                .orElseThrow()
                .id();
        HostileTraffic.Outcome hostile = new HostileTraffic(cluster, foreignEndpoint, foreignType).send(SIZE.hostile());
        ScenarioResult result = scenario.finish(
                String.format("%,d of %,d refused as 4xx problem+json", hostile.refusedAsProblems(), hostile.sent()));
        record(result);
        assertThat(hostile.violations())
                .as("hostile requests not refused as 4xx problem+json")
                .isEmpty();
    }

    @Test
    @Order(11)
    @DisplayName("a revoked key is refused within the key cache's time")
    void revokedKey() throws Exception {
        Scenario scenario = Scenario.start("revoked key", cluster, SIZE.perSecond());
        CatalogAdmin catalog = new CatalogAdmin(cluster.owner());
        CatalogAdmin.IssuedApiKey key = catalog.issueApiKey(cluster.projectId(), "to be revoked");
        SECRETS.add(key.secret().value());
        assertThat(rate(key.secret().value())).isEqualTo(200);
        catalog.revokeApiKey(key.id());
        Instant revoked = Instant.now();
        int status = Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> rate(key.secret().value()), answer -> answer == 401);
        Duration refusedAfter = Duration.between(revoked, Instant.now());
        ScenarioResult result = scenario.finish(String.format(
                "refused %.1f s after revocation (cache %d s)",
                refusedAfter.toMillis() / 1000.0, FaultCluster.AUTH_CACHE_TTL.toSeconds()));
        record(result);
        assertThat(status).isEqualTo(401);
        assertThat(refusedAfter).isLessThanOrEqualTo(FaultCluster.AUTH_CACHE_TTL.plusSeconds(1));
    }

    @Test
    @Order(12)
    @DisplayName("maximum-size records under a small heap: every one projected, no processor dies")
    void maximumSizeRecords() throws Exception {
        int records = SIZE.full() ? 1_000 : 150;
        Scenario scenario = Scenario.start(records + " records of 1 MB", cluster, SIZE.perSecond());
        List<Long> pids = cluster.processors().stream().map(p -> p.pid()).toList();
        String marker = "big-" + UUID.randomUUID().toString().substring(0, 8);
        produceLargeLogs(marker, records);
        sleep(SIZE.settle());
        long logged = Awaitility.await()
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> countLogs(marker), count -> count >= records);
        String rss = cluster.processors().stream()
                .map(p -> residentMegabytes(p.pid()) + " MB")
                .collect(Collectors.joining(", "));
        ScenarioResult result = scenario.finish(String.format(
                "%d of %d logs of 1 MB projected with -Xmx256m;" + " processor RSS %s", logged, records, rss));
        record(result);
        assertThat(logged).isEqualTo(records);
        assertThat(cluster.processors().stream().map(p -> p.pid()).toList())
                .as("no processor died")
                .isEqualTo(pids);
    }

    /** Issue 19 item 1 as a scenario: what took the gateway down once, sent in a loop beside valid traffic. */
    @Test
    @Order(13)
    @DisplayName("oversized requests without a key, in a loop under load: refused unread, the gateway never restarts")
    void oversizedStrangers() throws Exception {
        Scenario scenario = Scenario.start("60 MB requests without a key, in a loop", cluster, SIZE.perSecond());
        long gateway = cluster.gateway().pid();
        OversizedStrangers.Outcome attack = new OversizedStrangers(cluster.gatewayUrl()).sendFor(SIZE.oversizedFor());
        ScenarioResult result = scenario.finish(
                String.format("%,d sent, answered %s; the gateway's pid unchanged", attack.sent(), attack.byStatus()));
        record(result);
        assertThat(cluster.gateway().pid())
                .as("the gateway was never restarted")
                .isEqualTo(gateway);
        assertThat(attack.byStatus().keySet()).as("statuses").isSubsetOf(401, 413, 429);
        assertThat(attack.byStatus()).containsKeys(401, 413);
    }

    /**
     * Issue 19 item 2 as a scenario: an external registry serves, for one id, a schema Avro refuses (an invalid
     * default). Its record is dead-lettered as incompatible-schema, and what stands behind it on its partition flows.
     */
    @Test
    @Order(14)
    @DisplayName(
            "a schema with an invalid default from the external registry: its record dead-lettered, the rest flows")
    void unparseableRegistrySchema() throws Exception {
        Scenario scenario =
                Scenario.start("a schema with an invalid default from an external registry", cluster, SIZE.perSecond());
        int badId = 50_000_000 + new Random().nextInt(1_000_000);
        externalRegistry.registerText(badId, """
                {"type": "record", "name": "FeedbackBatch", "namespace": "io.feedbackpipeline.schemas",
                 "fields": [{"name": "x", "type": "string", "default": null}]}""");
        String marker = "behind-bad-schema-" + UUID.randomUUID();
        Map<TopicPartition, Long> dltEnds = endOffsets(Topics.FEEDBACK.deadLetterTopic());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (KafkaProducer<byte[], byte[]> producer = rawProducer()) {
            FeedbackBatch bad = batch(
                    FeedbackItem.newBuilder()
                            .setUsageId(marker + "-bad")
                            .setFeedbackTypeId(1)
                            .setFlag(true)
                            .setOccurredAt(now)
                            .build(),
                    now);
            ProducerRecord<byte[], byte[]> framed =
                    new ProducerRecord<>(Topics.FEEDBACK.name(), marker.getBytes(), confluentFramed(badId, bad));
            framed.headers().add(TopicAudit.POISON_HEADER, "true".getBytes(StandardCharsets.UTF_8));
            producer.send(framed).get();
            FeedbackBatch behind = batch(
                    FeedbackItem.newBuilder()
                            .setUsageId(marker)
                            .setFeedbackTypeId(1)
                            .setFlag(true)
                            .setOccurredAt(now)
                            .build(),
                    now);
            producer.send(new ProducerRecord<>(
                            Topics.FEEDBACK.name(),
                            marker.getBytes(),
                            new EventSerializer<SpecificRecord>().serialize(null, behind)))
                    .get();
        }
        sleep(SIZE.settle());
        ScenarioResult result = scenario.finish("");
        record(result);
        assertThat(countFeedback(marker))
                .as("the record behind it, same partition")
                .isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> parked = readFrom(dltEnds).stream()
                .filter(r -> r.key() != null && marker.equals(new String(r.key(), StandardCharsets.UTF_8)))
                .toList();
        assertThat(parked).hasSize(1);
        assertThat(header(parked.get(0), DeadLetterHeaders.REASON)).isEqualTo("incompatible-schema");
        assertThat(header(parked.get(0), DeadLetterHeaders.DETAIL)).contains("schema id " + badId);
    }

    @Test
    @Order(15)
    @DisplayName(
            "no API key, database password (as a setting or bare) or credentialed URL appears in any log of any process")
    void secretsInNoLog() throws Exception {
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> logs = Files.list(cluster.logs())) {
            for (Path log : logs.toList()) {
                String text = Files.readString(log, StandardCharsets.ISO_8859_1);
                SECRETS.stream()
                        .filter(text::contains)
                        .forEach(secret -> leaks.add(log.getFileName() + " has " + secret.substring(0, 12) + "…"));
                // The same shapes bin/check-logs-for-secrets looks for in CI: one definition.
                SecretsInLogs.in(log, text).forEach(find -> leaks.add(find.toString()));
            }
        }
        assertThat(leaks).isEmpty();
    }

    /** Every process's log, kept for reading after the run (the cluster's own folder is temporary). */
    private static void copyLogs(Path into) throws Exception {
        if (cluster == null) {
            return;
        }
        Files.createDirectories(into);
        try (Stream<Path> logs = Files.list(cluster.logs())) {
            for (Path log : logs.toList()) {
                Files.copy(log, into.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void record(ScenarioResult result) {
        RESULTS.add(result);
        System.out.print(ScenarioResult.header() + result.row());
        assertThat(result.clean()).as(result.row()).isTrue();
    }

    private static int rate(String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(cluster.gatewayUrl() + "/api/v2/rate/1/revoked-" + UUID.randomUUID()))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"flag\": true}"))
                .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Garbage, an unknown schema fingerprint and invalid events, marked so the audit counts them apart. */
    private static void producePoison(int count) throws Exception {
        EventSerializer<SpecificRecord> serializer = new EventSerializer<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                FeedbackItem.Builder item = FeedbackItem.newBuilder()
                        .setUsageId("poison-" + i)
                        .setFeedbackTypeId(1)
                        .setFlag(true)
                        .setOccurredAt(now);
                byte[] value = switch (i % 4) {
                    case 0 -> ("not an event " + i).getBytes(StandardCharsets.UTF_8);
                    case 1 -> {
                        byte[] unknown = serializer.serialize(null, batch(item.build(), now));
                        Arrays.fill(unknown, 2, 10, (byte) 0x5A);
                        yield unknown;
                    }
                    case 2 ->
                        serializer.serialize(
                                null, batch(item.setFeedbackTypeId(987_654).build(), now));
                    default ->
                        serializer.serialize(
                                null, batch(item.setTag("t".repeat(121)).build(), now));
                };
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                        Topics.FEEDBACK.name(), ("poison-" + i).getBytes(StandardCharsets.UTF_8), value);
                record.headers().add(TopicAudit.POISON_HEADER, "true".getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
                Thread.sleep(20);
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** What a Confluent Avro serializer writes for this event under {@code schemaId}. */
    private static byte[] confluentFramed(int schemaId, SpecificRecord event) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        new SpecificDatumWriter<SpecificRecord>(
                        event.getSchema(), Topics.FEEDBACK.valueType().model())
                .write(event, encoder);
        encoder.flush();
        return ConfluentFraming.frame(schemaId, body.toByteArray());
    }

    private static Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            return consumer.endOffsets(partitions);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readFrom(Map<TopicPartition, Long> start) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(start.keySet());
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long countFeedback(String usageId) throws Exception {
        try (Connection connection = cluster.owner().getConnection();
                PreparedStatement query =
                        connection.prepareStatement("SELECT count(*) FROM completion_feedback WHERE usage_id = ?")) {
            query.setString(1, usageId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Completion logs with a prompt of a million random letters each: about 1 MB, compressed as producers do. */
    private static void produceLargeLogs(String marker, int count) throws Exception {
        EventSerializer<SpecificRecord> serializer = new EventSerializer<>();
        Random random = new Random(7);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        cluster.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "zstd",
                        ProducerConfig.LINGER_MS_CONFIG,
                        20),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<Future<?>> acks = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                char[] prompt = new char[1_000_000];
                for (int c = 0; c < prompt.length; c++) {
                    prompt[c] = (char) ('a' + random.nextInt(26));
                }
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                CompletionLogged log = CompletionLogged.newBuilder()
                        .setEventId(UUID.randomUUID())
                        .setEmittedAt(now)
                        .setUsageId(marker + "-" + i)
                        .setProjectId(cluster.projectId())
                        .setCreatedAt(now)
                        .setPrompt(new String(prompt))
                        .build();
                acks.add(producer.send(new ProducerRecord<>(
                        Topics.COMPLETION_LOGS.name(),
                        log.getUsageId().getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(null, log))));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
        }
    }

    private static long countLogs(String marker) throws Exception {
        try (Connection connection = cluster.owner().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM completion_log WHERE usage_id" + " LIKE '"
                        + marker + "-%' AND log_event_id IS NOT NULL")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** VmRSS of a process, from /proc. */
    private static long residentMegabytes(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024)
                    .orElse(-1L);
        } catch (Exception e) {
            return -1;
        }
    }

    private static FeedbackBatch batch(FeedbackItem item, Instant now) {
        return FeedbackBatch.newBuilder()
                .setEventId(UUID.randomUUID())
                .setProjectId(cluster.projectId())
                .setEndpointId(null)
                .setReceivedAt(now)
                .setSource(FeedbackSource.DIRECT_PRODUCER)
                .setRequestId(null)
                .setItems(List.of(item))
                .build();
    }

    private static void asSuperuser(String sql) throws Exception {
        try (Connection connection = cluster.postgres().superuser().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void reconnectEverySession() throws Exception {
        asSuperuser("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE datname = 'feedback' AND pid <> pg_backend_pid()");
    }

    private static void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
    }
}
