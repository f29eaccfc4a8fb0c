package io.feedbackpipeline.benchmarks.projection;

import io.feedbackpipeline.benchmarks.projection.ItemSet.Row;
import io.feedbackpipeline.localstack.FreePorts;
import io.feedbackpipeline.localstack.process.JavaMain;
import io.feedbackpipeline.localstack.process.ManagedProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a Kafka user would deploy instead: Kafka Connect in standalone mode, in its own JVM, with Debezium's JDBC sink
 * connector, sinking the same items (one record per item, JSON with schema) into a table of the projection's shape
 * with {@code insert.mode=upsert} by key, on the same broker and PostgreSQL. Measured from the first row it writes to
 * the moment it has committed the end of its topic (so its JVM start-up is not counted).
 */
public final class ConnectReference {

    public static final String TOPIC = "bench.connect.items";
    public static final String TABLE = "bench_connect_feedback";
    private static final String CONNECTOR = "bench-jdbc-sink";
    private static final String KEY_SCHEMA = """
            {"type":"struct","optional":false,"fields":[{"field":"project_id","type":"string","optional":false},\
            {"field":"usage_id","type":"string","optional":false},\
            {"field":"feedback_type_id","type":"int32","optional":false}]}""";
    private static final String VALUE_SCHEMA = """
            {"type":"struct","optional":false,"fields":[{"field":"project_id","type":"string","optional":false},\
            {"field":"usage_id","type":"string","optional":false},\
            {"field":"feedback_type_id","type":"int32","optional":false},\
            {"field":"value","type":"double","optional":true},\
            {"field":"occurred_at","type":"string","optional":false},\
            {"field":"event_id","type":"string","optional":false},\
            {"field":"item_index","type":"int32","optional":false},\
            {"field":"received_at","type":"string","optional":false},\
            {"field":"source_topic","type":"string","optional":false},\
            {"field":"source_partition","type":"int32","optional":false},\
            {"field":"source_offset","type":"int64","optional":false}]}""";

    private ConnectReference() {}

    private static boolean hasRows(Connection database) throws SQLException {
        try (Statement sql = database.createStatement();
                ResultSet rows = sql.executeQuery("SELECT EXISTS (SELECT 1 FROM " + TABLE + ")")) {
            rows.next();
            return rows.getBoolean(1);
        }
    }

    /** Publishes the items as Connect records; not measured. */
    public static void publish(String bootstrapServers, ItemSet items, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        262_144,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "zstd",
                        // Publishing right after the topic's creation, the idempotent producer once had its first
                        // batch retried after later ones were written and retried OUT_OF_ORDER_SEQUENCE_NUMBER
                        // forever (twice on 2026-12-04); one request in flight keeps the order without it.
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        false,
                        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                        1),
                new StringSerializer(),
                new StringSerializer())) {
            for (int n = 0; n < items.records(); n++) {
                for (Row row : items.rows(n)) {
                    String key = "{\"schema\":" + KEY_SCHEMA + ",\"payload\":{\"project_id\":\"" + items.project()
                            + "\",\"usage_id\":\"" + row.usageId() + "\",\"feedback_type_id\":"
                            + items.feedbackTypeId() + "}}";
                    String value = "{\"schema\":" + VALUE_SCHEMA + ",\"payload\":{\"project_id\":\""
                            + items.project() + "\",\"usage_id\":\"" + row.usageId() + "\",\"feedback_type_id\":"
                            + items.feedbackTypeId() + ",\"value\":" + row.value() + ",\"occurred_at\":\""
                            + row.occurredAt() + "\",\"event_id\":\"" + row.eventId() + "\",\"item_index\":"
                            + row.itemIndex() + ",\"received_at\":\"" + row.receivedAt()
                            + "\",\"source_topic\":\"connect\",\"source_partition\":0,\"source_offset\":0}}";
                    producer.send(new ProducerRecord<>(TOPIC, key, value));
                }
            }
            producer.flush();
        }
    }

    /**
     * Runs the connector in a standalone worker until it has committed the end of its topic; returns items per
     * second from its first row in the table to that moment.
     */
    public static double run(
            String bootstrapServers, String jdbcUrl, String user, String password, int tasks, long items, Path home)
            throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                Statement sql = connection.createStatement()) {
            sql.execute("DROP TABLE IF EXISTS " + TABLE);
            sql.execute("CREATE TABLE " + TABLE + " (LIKE completion_feedback INCLUDING DEFAULTS INCLUDING CONSTRAINTS"
                    + " INCLUDING INDEXES)");
        }
        Files.createDirectories(home);
        Path worker = home.resolve("worker.properties");
        Files.writeString(
                worker,
                String.join(
                        "\n",
                        "bootstrap.servers=" + bootstrapServers,
                        "key.converter=org.apache.kafka.connect.json.JsonConverter",
                        "value.converter=org.apache.kafka.connect.json.JsonConverter",
                        "key.converter.schemas.enable=true",
                        "value.converter.schemas.enable=true",
                        "offset.storage.file.filename=" + home.resolve("connect.offsets"),
                        "offset.flush.interval.ms=1000",
                        "listeners=http://127.0.0.1:" + FreePorts.pick(),
                        "consumer.max.poll.records=1000",
                        "consumer.auto.offset.reset=earliest",
                        ""),
                StandardCharsets.UTF_8);
        Path connector = home.resolve("connector.properties");
        Files.writeString(
                connector,
                String.join(
                        "\n",
                        "name=" + CONNECTOR,
                        "connector.class=io.debezium.connector.jdbc.JdbcSinkConnector",
                        "tasks.max=" + tasks,
                        "topics=" + TOPIC,
                        // Untyped string parameters let PostgreSQL cast them to the uuid and timestamptz columns.
                        "connection.url=" + jdbcUrl + "?stringtype=unspecified",
                        "connection.username=" + user,
                        "connection.password=" + password,
                        "insert.mode=upsert",
                        "primary.key.mode=record_key",
                        "primary.key.fields=project_id,usage_id,feedback_type_id",
                        "schema.evolution=none",
                        "collection.name.format=" + TABLE,
                        "batch.size=1000",
                        ""),
                StandardCharsets.UTF_8);
        ManagedProcess connect = new ManagedProcess(new ManagedProcess.Spec(
                "kafka-connect",
                JavaMain.command(
                        "org.apache.kafka.connect.cli.ConnectStandalone",
                        List.of("-Xmx1g"),
                        List.of(worker.toString(), connector.toString())),
                Map.of(),
                home.resolve("connect.log"),
                null));
        connect.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
                Connection database = DriverManager.getConnection(jdbcUrl, user, password)) {
            Map<TopicPartition, Long> end = admin
                    .listOffsets(admin
                            .describeTopics(List.of(TOPIC))
                            .allTopicNames()
                            .get(30, TimeUnit.SECONDS)
                            .get(TOPIC)
                            .partitions()
                            .stream()
                            .collect(Collectors.toMap(
                                    p -> new TopicPartition(TOPIC, p.partition()), p -> OffsetSpec.latest())))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .entrySet()
                    .stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
            long first = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (System.nanoTime() < deadline) {
                if (!connect.isAlive()) {
                    throw new IllegalStateException("Kafka Connect exited:\n" + connect.logTail(40));
                }
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                                "connect-" + CONNECTOR)
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                long done = end.keySet().stream()
                        .mapToLong(
                                p -> committed.containsKey(p) ? committed.get(p).offset() : 0)
                        .sum();
                if (first == 0 && hasRows(database)) {
                    first = System.nanoTime();
                }
                if (first != 0
                        && done
                                >= end.values().stream()
                                        .mapToLong(Long::longValue)
                                        .sum()) {
                    return items / ((System.nanoTime() - first) / 1e9);
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("Kafka Connect did not finish in 30 minutes:\n" + connect.logTail(40));
        } finally {
            connect.terminate(Duration.ofSeconds(30));
        }
    }
}
