package io.feedbackpipeline.feedbackctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.contract.DeadLetterHeaders;
import io.feedbackpipeline.schemas.contract.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command as an operator runs it: through the main entry point, on the real broker and database. */
@WithPipelineInfrastructure
class FeedbackCtlIT {

    record Run(int code, String out, String err) {}

    PipelineInfrastructure infrastructure;
    Map<String, String> environment;

    @TempDir
    Path directory;

    @BeforeEach
    void setUp(PipelineInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
        environment = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                infrastructure.bootstrapServers(),
                "JDBC_URL",
                infrastructure.jdbcUrl(),
                "JDBC_USER",
                PostgresServer.OWNER.name(),
                "JDBC_PASSWORD",
                PostgresServer.OWNER.password());
    }

    @Test
    @DisplayName("--help works on every command and subcommand")
    void help() {
        for (String[] command : List.of(
                new String[] {"--help"},
                new String[] {"migrate", "--help"},
                new String[] {"projects", "--help"},
                new String[] {"projects", "allow-origin", "--help"},
                new String[] {"projects", "origins", "--help"},
                new String[] {"keys", "create", "--help"},
                new String[] {"keys", "list", "--help"},
                new String[] {"keys", "revoke", "--help"},
                new String[] {"audit", "--help"},
                new String[] {"endpoints", "create", "--help"},
                new String[] {"endpoints", "list", "--help"},
                new String[] {"feedback-types", "create", "--help"},
                new String[] {"feedback-types", "list", "--help"},
                new String[] {"produce", "--help"},
                new String[] {"dlt", "list", "--help"},
                new String[] {"dlt", "show", "--help"},
                new String[] {"dlt", "redrive", "--help"},
                new String[] {"status", "--help"},
                new String[] {"events", "show", "--help"},
                new String[] {"export", "--help"},
                new String[] {"replay", "--help"})) {
            Run run = run(command);
            assertThat(run.code()).as(String.join(" ", command)).isZero();
            assertThat(run.out()).as(String.join(" ", command)).contains("Usage: feedbackctl");
        }
        assertThat(run("no-such-command").code()).isEqualTo(FeedbackCtl.USAGE);
    }

    @Test
    @DisplayName("projects, endpoints, keys and feedback types: create, list, revoke, with reliable exit codes")
    void catalog() {
        Run project = run("projects", "create", "--name", "acme");
        assertThat(project.code()).isZero();
        String projectId = project.out().strip();
        assertThat(run("projects", "list").out()).contains(projectId + "  ").contains("acme");

        String endpointId = run("endpoints", "create", "--project", projectId, "--name", "chat")
                .out()
                .strip();
        assertThat(run("endpoints", "list", "--project", projectId).out())
                .contains(endpointId)
                .contains("chat");

        Run key = run("keys", "create", "--project", projectId, "--name", "backend");
        String secret = key.out().lines().findFirst().orElseThrow();
        assertThat(secret).startsWith("fpk_").hasSize(53);
        String keyId = key.out().lines().skip(1).findFirst().orElseThrow().split(" ")[1];
        Run listed = run("keys", "list", "--project", projectId);
        assertThat(listed.out())
                .contains(keyId)
                .contains(secret.substring(0, 12))
                .contains("  ingest  ")
                .contains("no-expiry")
                .contains("active")
                .doesNotContain(secret);
        Run scoped = run(
                "keys",
                "create",
                "--project",
                projectId,
                "--name",
                "ops",
                "--scope",
                "read,admin",
                "--expires-at",
                "2020-01-01T00:00:00Z");
        assertThat(scoped.code()).as(scoped.err()).isZero();
        assertThat(run("keys", "list", "--project", projectId).out())
                .contains("  read,admin  ")
                .contains("expires 2020-01-01T00:00:00Z")
                .contains("expired");
        String scopedId = scoped.out().lines().skip(1).findFirst().orElseThrow().split(" ")[1];
        Run badScope = run("keys", "create", "--project", projectId, "--scope", "everything");
        assertThat(badScope.code()).isEqualTo(FeedbackCtl.USAGE);
        assertThat(badScope.err()).contains("unknown scope 'everything'").hasLineCount(1);
        assertThat(run("keys", "revoke", keyId).out()).contains("revoked " + keyId);
        assertThat(run("keys", "list", "--project", projectId).out()).contains("revoked 20");
        assertThat(run("keys", "revoke", keyId).out()).contains("already revoked");
        Run unknownKey = run("keys", "revoke", UUID.randomUUID().toString());
        assertThat(unknownKey.code()).isEqualTo(FeedbackCtl.NOT_FOUND);
        assertThat(unknownKey.err()).startsWith("feedbackctl: no API key").hasLineCount(1);

        Run type = run(
                "feedback-types",
                "create",
                "--project",
                projectId,
                "--name",
                "stars",
                "--kind",
                "NUMERIC",
                "--min",
                "1",
                "--max",
                "5");
        assertThat(type.code()).isZero();
        assertThat(run("feedback-types", "list", "--project", projectId).out())
                .contains(type.out().strip() + "  NUMERIC  [1.0, 5.0]  stars")
                .contains("positive_rating (built-in)");
        assertThat(run("feedback-types", "create", "--project", projectId, "--name", "Stars", "--kind", "TEXT")
                        .code())
                .isEqualTo(FeedbackCtl.ALREADY_EXISTS);
        assertThat(run("feedback-types", "create", "--project", projectId, "--name", "x", "--kind", "EMOJI")
                        .code())
                .isEqualTo(FeedbackCtl.USAGE);
        assertThat(run("endpoints", "create", "--project", UUID.randomUUID().toString(), "--name", "n")
                        .code())
                .isEqualTo(FeedbackCtl.NOT_FOUND);
        assertThat(run("keys", "list", "--project", "not-a-uuid").code()).isEqualTo(FeedbackCtl.USAGE);

        Run audit = run("audit", "--project", projectId);
        assertThat(audit.code()).as(audit.err()).isZero();
        List<String> changes = audit.out().lines().toList();
        assertThat(changes)
                .as("every catalog change of the project, oldest first, with who made it")
                .allSatisfy(line -> assertThat(line)
                        .containsAnyOf(System.getProperty("user.name") + " (feedback)", "  expiry (feedback)  "))
                .extracting(line -> line.split(" {2}")[2])
                .containsExactly(
                        "project-created",
                        "endpoint-created",
                        "key-issued",
                        "key-issued",
                        "key-expired",
                        "key-revoked",
                        "feedback-type-created");
        assertThat(audit.out())
                .contains("project-created  " + projectId + "  " + projectId + "  name=acme")
                .contains("endpoint-created  " + projectId + "  " + endpointId + "  name=chat")
                .contains("key-issued  " + projectId + "  " + scopedId + "  prefix=fpk_")
                .contains("scopes=read,admin expires_at=2020-01-01T00:00:00Z")
                .contains("key-expired  " + projectId + "  " + scopedId + "  prefix=fpk_")
                .contains("key-revoked  " + projectId + "  " + keyId + "  prefix=" + secret.substring(0, 12))
                .contains("feedback-type-created  " + projectId + "  "
                        + type.out().strip() + "  name=stars kind=NUMERIC min=1 max=5")
                .doesNotContain(secret);
        assertThat(run("audit", "--project", projectId).out())
                .as("an expiry is recorded once, however often the audit is read")
                .isEqualTo(audit.out());
    }

    @Test
    @DisplayName("allow-origin normalises, lists and removes a project's browser origins; each change is audited")
    void origins() {
        String projectId = run("projects", "create", "--name", "shop").out().strip();

        assertThat(run("projects", "allow-origin", "--project", projectId, "--origin", "HTTPS://Shop.Example.com:443/")
                        .out())
                .contains("allowed https://shop.example.com");
        assertThat(run("projects", "allow-origin", "--project", projectId, "--origin", "https://shop.example.com")
                        .out())
                .contains("already allowed");
        run("projects", "allow-origin", "--project", projectId, "--origin", "http://localhost:8070");
        assertThat(run("projects", "origins", "--project", projectId).out())
                .isEqualTo("https://shop.example.com\nhttp://localhost:8070\n");

        assertThat(run("projects", "allow-origin", "--project", projectId, "--origin", "https://shop.example.com/cart")
                        .code())
                .isEqualTo(FeedbackCtl.USAGE);
        assertThat(run(
                                "projects",
                                "allow-origin",
                                "--project",
                                UUID.randomUUID().toString(),
                                "--origin",
                                "https://a.example")
                        .code())
                .isEqualTo(FeedbackCtl.NOT_FOUND);

        assertThat(run(
                                "projects",
                                "allow-origin",
                                "--project",
                                projectId,
                                "--origin",
                                "http://localhost:8070",
                                "--remove")
                        .out())
                .contains("removed http://localhost:8070");
        assertThat(run("projects", "origins", "--project", projectId).out()).isEqualTo("https://shop.example.com\n");
        assertThat(run("audit", "--project", projectId).out())
                .contains(
                        "origin-allowed  " + projectId + "  https://shop.example.com  origin=https://shop.example.com")
                .contains("origin-allowed  " + projectId + "  http://localhost:8070")
                .contains("origin-removed  " + projectId + "  http://localhost:8070");
    }

    @Test
    @DisplayName("events show prints an event's receipt, escaped; none is exit 3, a malformed id exit 2")
    void eventsShow() {
        String projectId = run("projects", "create", "--name", "followed").out().strip();
        UUID letter = UUID.randomUUID();
        org.springframework.jdbc.core.simple.JdbcClient.create(infrastructure.dataSource())
                .sql("INSERT INTO event_receipt (event_id, project_id, outcome, items, reason, detail, source_topic,"
                        + " source_partition, source_offset) VALUES (?, ?::uuid, 'dead-lettered', 2, 'invalid-event',"
                        + " ?, 'feedback.v1', 3, 42)")
                .param(letter)
                .param(projectId)
                .param("items[0].tag too long \u001b[31mred")
                .update();

        Run shown = run("events", "show", letter.toString());
        assertThat(shown.code()).as(shown.err()).isZero();
        assertThat(shown.out())
                .contains("status     dead-lettered")
                .contains("items      2")
                .contains("reason     invalid-event")
                .contains("record     feedback.v1:3:42")
                .doesNotContain("\u001b");
        assertThat(run("events", "show", UUID.randomUUID().toString()).code()).isEqualTo(FeedbackCtl.NOT_FOUND);
        assertThat(run("events", "show", "not-an-id").code()).isEqualTo(FeedbackCtl.USAGE);
    }

    @Test
    @DisplayName("produce publishes JSON lines as FeedbackBatch records; one bad line publishes nothing")
    void produce() throws Exception {
        UUID project = UUID.randomUUID();
        Path lines = directory.resolve("feedback.jsonl");
        Files.writeString(lines, """
                {"usage_id": "u1", "feedback_type_id": 1, "flag": true}
                {"usage_id": "u2", "feedback_type_id": 1, "flag": false, "occurred_at": "2026-01-01T00:00:00Z"}

                {"usage_id": "u3", "feedback_type_id": 7, "value": 4.5, "comment": "ok", "tag": "t"}
                """);
        try (Reader feedback = new Reader(Topics.FEEDBACK.name())) {
            Run run = run("produce", "--project", project.toString(), "--file", lines.toString(), "--batch-size", "2");

            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("published 3 feedback item(s) in 2 record(s) to feedback.v1");
            List<FeedbackBatch> batches = feedback.readAll().stream()
                    .map(r -> Topics.FEEDBACK.valueDeserializer().deserialize(r.topic(), r.value()))
                    .filter(b -> b.getProjectId().equals(project))
                    .toList();
            assertThat(batches).hasSize(2);
            assertThat(batches.get(0).getItems().get(1).getOccurredAt())
                    .isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(batches.get(1).getItems().get(0).getValue()).isEqualTo(4.5);

            Files.writeString(lines, """
                    {"usage_id": "ok", "feedback_type_id": 1, "flag": true}
                    {"usage_id": "bad", "feedback_type_id": "one"}
                    """);
            Run bad = run("produce", "--project", project.toString(), "--file", lines.toString());
            assertThat(bad.code()).isEqualTo(FeedbackCtl.FAILED);
            assertThat(bad.err())
                    .isEqualTo(
                            "feedbackctl: line 2: feedback_type_id must be an integer;" + " nothing was published\n");
            assertThat(feedback.readAll()).isEmpty();
        }
    }

    @Test
    @DisplayName("dlt list, show and redrive: dead letters go back to their source topic, cleanly")
    void deadLetters() throws Exception {
        String reason = "test-reason-" + UUID.randomUUID();
        byte[] value = "not avro".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>("feedback.v1.dlt", "k".getBytes(), value);
            letter.headers().add("request-id", "r-1".getBytes());
            for (String[] header : new String[][] {
                {DeadLetterHeaders.REASON, reason},
                {DeadLetterHeaders.DETAIL, "why it failed"},
                {DeadLetterHeaders.ORIGINAL_TOPIC, "feedback.v1"},
                {DeadLetterHeaders.ORIGINAL_PARTITION, "0"},
                {DeadLetterHeaders.ORIGINAL_OFFSET, "42"},
                {DeadLetterHeaders.FAILED_AT, Instant.now().toString()}
            }) {
                letter.headers().add(header[0], header[1].getBytes(StandardCharsets.UTF_8));
            }
            producer.send(letter).get();
        }

        Run list = run("dlt", "list", "--reason", reason);
        assertThat(list.out())
                .contains(reason)
                .contains("from feedback.v1:0:42")
                .contains("why it failed")
                .contains("1 dead letter(s)");
        String id = list.out().lines().findFirst().orElseThrow().split("  ")[0];
        Run show = run("dlt", "show", id);
        assertThat(show.out())
                .contains("header dlt.detail: why it failed")
                .contains("not decodable")
                .contains("6e 6f 74 20 61 76 72 6f");
        assertThat(run("dlt", "show", "feedback.v1.dlt:0:999999").code()).isEqualTo(FeedbackCtl.NOT_FOUND);
        assertThat(run("dlt", "redrive", "--reason", reason, "--dry-run").out())
                .contains("would re-drive " + id + " to feedback.v1")
                .contains("1 dead letter(s) would go back");

        try (Reader feedback = new Reader(Topics.FEEDBACK.name())) {
            Run redrive = run("dlt", "redrive", "--reason", reason, "--topic", "feedback.v1");
            assertThat(redrive.out()).contains("re-drove 1 dead letter(s)");
            List<ConsumerRecord<byte[], byte[]>> back = feedback.readAll();
            assertThat(back).singleElement().satisfies(record -> {
                assertThat(record.value()).isEqualTo(value);
                assertThat(record.headers().lastHeader("redriven.from").value()).isEqualTo(id.getBytes());
                assertThat(record.headers().lastHeader("request-id").value()).isEqualTo("r-1".getBytes());
                assertThat(record.headers().lastHeader(DeadLetterHeaders.REASON))
                        .isNull();
            });
        }
        assertThat(run("dlt", "list", "--from", "yesterday").code()).isEqualTo(FeedbackCtl.USAGE);
    }

    @Test
    @DisplayName("migrate brings an empty database to the current schema as its owner, and then has nothing to do")
    void migrate() throws Exception {
        String database = "migrated_" + UUID.randomUUID().toString().replace("-", "");
        try (java.sql.Connection admin = infrastructure.postgres().superuser().getConnection();
                java.sql.Statement sql = admin.createStatement()) {
            sql.execute("CREATE DATABASE " + database + " OWNER " + PostgresServer.OWNER.name());
        }
        try {
            Map<String, String> fresh = new HashMap<>(environment);
            fresh.put("JDBC_URL", infrastructure.jdbcUrl().replaceFirst("/[^/]+$", "/" + database));

            Run first = execute(fresh, "migrate");
            Run again = execute(fresh, "migrate");

            assertThat(first.code()).as(first.err()).isZero();
            assertThat(first.out()).containsPattern("applied \\d+ migration\\(s\\)");
            assertThat(again.out()).contains("the schema is current");
            assertThat(execute(fresh, "projects", "create", "--name", "on a migrated database")
                            .code())
                    .isZero();
        } finally {
            try (java.sql.Connection admin =
                            infrastructure.postgres().superuser().getConnection();
                    java.sql.Statement sql = admin.createStatement()) {
                sql.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    /** Issue 19 item 9: names and dead-letter headers were printed raw, so a record could drive the terminal. */
    @Test
    @DisplayName("names with control characters are refused; what records and users wrote is shown escaped")
    void nothingDrivesTheTerminal() throws Exception {
        String escape = "\u001b]0;owned\u0007\u001b[2J";
        Run refused = run("projects", "create", "--name", "evil" + escape);
        assertThat(refused.code()).isEqualTo(FeedbackCtl.USAGE);
        assertThat(refused.err()).contains("control").doesNotContain("\u001b");

        String reason = "escape-" + UUID.randomUUID();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(
                    "feedback.v1.dlt", ("k\u202egnp.exe").getBytes(StandardCharsets.UTF_8), "x".getBytes());
            letter.headers().add(DeadLetterHeaders.REASON, reason.getBytes(StandardCharsets.UTF_8));
            letter.headers().add(DeadLetterHeaders.DETAIL, ("bad" + escape).getBytes(StandardCharsets.UTF_8));
            letter.headers().add(DeadLetterHeaders.ORIGINAL_TOPIC, "feedback.v1".getBytes(StandardCharsets.UTF_8));
            producer.send(letter).get();
        }
        Run list = run("dlt", "list", "--reason", reason);
        String id = list.out().lines().findFirst().orElseThrow().split("  ")[0];
        Run show = run("dlt", "show", id);
        for (Run shown : List.of(list, show)) {
            assertThat(shown.out())
                    .contains("bad\\u001b]0;owned\\u0007\\u001b[2J")
                    .doesNotContain("\u001b")
                    .doesNotContain("\u0007");
        }
        assertThat(show.out()).contains("k\\u202egnp.exe").doesNotContain("\u202e");

        try (java.sql.Connection connection = infrastructure.dataSource().getConnection();
                java.sql.Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            sql.execute("SET LOCAL feedbackpipeline.actor = E'ops\\x1b[31m'");
            sql.execute("INSERT INTO project (id, name) VALUES (gen_random_uuid(), 'audited-" + reason + "')");
            connection.commit();
        }
        Run audit = run("audit");
        assertThat(audit.out()).contains("ops\\u001b[31m").doesNotContain("\u001b");
    }

    @Test
    @DisplayName("status reports lag, dead letters, the last projection commit and the change stream")
    void status() {
        Run status = run("status");

        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out())
                .contains(
                        "feedback.v1",
                        "completion-logs.v1",
                        "lag of rating-processor",
                        "feedback.v1.dlt",
                        "dead letter(s)",
                        "last projection commit",
                        "feedback-changes.v1",
                        "changes waiting to be relayed: ");
    }

    @Test
    @DisplayName("the password comes from a file or the environment, never the command line")
    void passwordNeverOnTheCommandLine() throws Exception {
        Map<String, String> withoutPassword = new HashMap<>(environment);
        withoutPassword.remove("JDBC_PASSWORD");
        Path none = directory.resolve("none");
        Path passwordFile = directory.resolve("password");
        Files.writeString(passwordFile, PostgresServer.OWNER.password() + "\n");

        Run onCommandLine = execute(
                withoutPassword,
                "projects",
                "list",
                "--stack-env",
                none.toString(),
                "--jdbc-password",
                PostgresServer.OWNER.password());
        Run fromFile = execute(
                withoutPassword,
                "projects",
                "list",
                "--stack-env",
                none.toString(),
                "--jdbc-password-file",
                passwordFile.toString());
        Run missing = execute(withoutPassword, "projects", "list", "--stack-env", none.toString());

        assertThat(onCommandLine.code()).isEqualTo(FeedbackCtl.USAGE);
        assertThat(onCommandLine.err()).contains("--jdbc-password is not accepted", "JDBC_PASSWORD");
        assertThat(fromFile.code()).as(fromFile.err()).isZero();
        assertThat(missing.code()).isEqualTo(FeedbackCtl.USAGE);
        assertThat(missing.err()).startsWith("feedbackctl: no JDBC_PASSWORD").hasLineCount(1);
    }

    @Test
    @DisplayName("settings come from flags, the environment or stack.env; missing ones are a one-line usage error")
    void connectionSettings() throws Exception {
        Path stackEnv = directory.resolve("stack.env");
        Files.writeString(
                stackEnv,
                "KAFKA_BOOTSTRAP_SERVERS=" + infrastructure.bootstrapServers() + "\nJDBC_URL="
                        + infrastructure.jdbcUrl() + "\nJDBC_USER=" + PostgresServer.OWNER.name() + "\nJDBC_PASSWORD="
                        + PostgresServer.OWNER.password() + "\n");
        Run fromFile = execute(Map.of(), "projects", "list", "--stack-env", stackEnv.toString());
        Run missing = execute(
                Map.of(),
                "projects",
                "list",
                "--stack-env",
                directory.resolve("none").toString());

        assertThat(fromFile.code()).as(fromFile.err()).isZero();
        assertThat(missing.code()).isEqualTo(FeedbackCtl.USAGE);
        assertThat(missing.err()).startsWith("feedbackctl: no JDBC_URL").hasLineCount(1);
    }

    private Run run(String... args) {
        return execute(environment, args);
    }

    private static Run execute(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = FeedbackCtl.execute(args, environment, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** Reads a topic from its end at opening time up to its end at each call. */
    final class Reader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<TopicPartition> partitions;

        Reader(String topic) {
            consumer = new KafkaConsumer<>(
                    Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()),
                    new ByteArrayDeserializer(),
                    new ByteArrayDeserializer());
            partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        List<ConsumerRecord<byte[], byte[]>> readAll() {
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
            records.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
            return records;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
