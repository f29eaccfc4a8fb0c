package io.feedbackpipeline.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.schemas.contract.DeadLetterHeaders;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.history.SchemaIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Interop with a client nobody here wrote: a Node producer using Confluent's schema registry client for Node
 * ({@code @kafkajs/confluent-schema-registry}) and kafkajs, installed from npm by this test from its lockfile, is
 * pointed at the local stack's registry API and broker. Its records are projected; its record with an unknown schema
 * id is dead-lettered naming the id; a Node consumer of the change stream, written with the same two libraries,
 * decodes every change its ratings made. Run by {@code bin/interop-tests} (needs Node), not by {@code ./mvnw verify}.
 */
class ConfluentNodeProducerIT extends RunningStackTest {

    private static final int FEEDBACK_RECORDS = 20;
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);

    final JsonMapper json = JsonMapper.builder().build();

    @Test
    @DisplayName("a Confluent-framed Node producer's feedback and log are projected; an unknown id is dead-lettered")
    void nodeProducerWithConfluentClient() throws Exception {
        Path project = installNodeProject();
        String run = "node-" + UUID.randomUUID();
        Path history = Path.of(System.getProperty("schema.history"));

        String printed = runNode(
                project,
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", env.get("KAFKA_BOOTSTRAP_SERVERS"),
                        "SCHEMA_REGISTRY_URL", env.get("SCHEMA_REGISTRY_URL"),
                        "PROJECT_ID", env.get("PROJECT_ID"),
                        "RUN", run,
                        "COUNT", Integer.toString(FEEDBACK_RECORDS),
                        "FEEDBACK_SCHEMA_FILE",
                                history.resolve("FeedbackBatch/v1.avsc").toString(),
                        "COMPLETION_LOG_SCHEMA_FILE",
                                history.resolve("CompletionLogged/v1.avsc").toString()));
        JsonNode result = json.readTree(printed);
        Path answers = Path.of("target", "interop", "registry-answers.json");
        Files.createDirectories(answers.getParent());
        Files.writeString(answers, json.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        System.out.println("The registry API's answers to the Node client (" + answers.toAbsolutePath() + "):");
        result.get("registryCalls")
                .forEach(call -> System.out.printf(
                        "  %s %s -> %d %s%n",
                        call.get("method").asString(),
                        call.get("path").asString(),
                        call.get("status").asInt(),
                        abbreviate(call.get("answer").toString())));

        int feedbackId = result.get("feedbackRegistered").asInt();
        assertThat(List.of(
                        result.get("feedbackLookedUp").asInt(),
                        result.get("feedbackVersion1").asInt()))
                .as("a client built against version 1: registration, lookup and version 1 agree on one id")
                .containsOnly(feedbackId);
        assertThat(result.get("feedbackLatest").asInt())
                .as("latest is the current version (2, with end_user_id), which the v1 client's records resolve to")
                .isEqualTo(SchemaIds.of(Topics.FEEDBACK.valueType().currentSchema()))
                .isNotEqualTo(feedbackId);
        assertThat(result.get("logRegistered").asInt()).isNotEqualTo(feedbackId);
        assertThat(result.get("decodedBack").asString()).isEqualTo(run + "-0");
        assertThat(result.get("registryCalls"))
                .extracting(call -> call.get("status").asInt())
                .containsOnly(200);

        awaitCount(
                "SELECT count(*) FROM completion_log WHERE project_id = ?::uuid AND usage_id LIKE ?"
                        + " AND positive_rating IS NOT NULL",
                run + "-%",
                FEEDBACK_RECORDS);
        assertThat(query(
                        "SELECT count(*) FROM completion_feedback WHERE project_id = ?::uuid AND usage_id LIKE ?",
                        run + "-%"))
                .as("one rating per record, nothing twice")
                .isEqualTo(FEEDBACK_RECORDS);
        awaitCount(
                "SELECT count(*) FROM completion_log WHERE project_id = ?::uuid AND usage_id = ? AND model = 'node-model'",
                run + "-log",
                1);

        // The change stream, consumed as a Node team would: kafkajs, and Confluent's client decoding through the
        // gateway's registry API. Every rating above is one first change, keyed by its usage_id.
        JsonNode changes = json.readTree(runNode(
                        project,
                        "consume-changes.mjs",
                        Map.of(
                                "KAFKA_BOOTSTRAP_SERVERS", env.get("KAFKA_BOOTSTRAP_SERVERS"),
                                "SCHEMA_REGISTRY_URL", env.get("SCHEMA_REGISTRY_URL"),
                                "PROJECT_ID", env.get("PROJECT_ID"),
                                "USAGE_PREFIX", run + "-",
                                "COUNT", Integer.toString(FEEDBACK_RECORDS))))
                .get("changes");
        assertThat(changes).hasSize(FEEDBACK_RECORDS);
        for (JsonNode change : changes) {
            String usageId = change.get("usage_id").asString();
            int index = Integer.parseInt(usageId.substring(run.length() + 1));
            assertThat(change.get("key").asString()).isEqualTo(usageId);
            assertThat(change.get("before").isNull())
                    .as("a first rating: nothing before")
                    .isTrue();
            assertThat(change.get("after").get("flag").asBoolean()).as(usageId).isEqualTo(index % 2 == 0);
            assertThat(change.get("cause").asString()).isEqualTo("projection");
        }

        ConsumerRecord<byte[], byte[]> letter = deadLetterOf(run + "-unknown-id", Duration.ofSeconds(60));
        assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("unknown-schema");
        assertThat(header(letter, DeadLetterHeaders.DETAIL))
                .contains("unknown schema id " + result.get("unknownSchemaId").asInt());
    }

    /** Copies the Node project out of the sources and installs exactly its lockfile's versions there. */
    private Path installNodeProject() throws IOException, InterruptedException {
        Path source = Path.of(System.getProperty("node.project"));
        Path project = Path.of("target", "interop", "node").toAbsolutePath();
        Files.createDirectories(project);
        for (String file : List.of("package.json", "package-lock.json", "produce.mjs", "consume-changes.mjs")) {
            Files.copy(source.resolve(file), project.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(project.toFile())
                .redirectErrorStream(true)
                .redirectOutput(project.resolve("npm-ci.log").toFile())
                .start();
        assertThat(npm.waitFor(NPM_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("npm ci finishes")
                .isTrue();
        assertThat(npm.exitValue())
                .as("npm ci: " + Files.readString(project.resolve("npm-ci.log")))
                .isZero();
        return project;
    }

    private static String runNode(Path project, Map<String, String> environment) throws Exception {
        return runNode(project, "produce.mjs", environment);
    }

    private static String runNode(Path project, String script, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", script)
                .directory(project.toFile())
                .redirectError(project.resolve("produce.err").toFile());
        builder.environment().putAll(environment);
        builder.environment().put("KAFKAJS_NO_PARTITIONER_WARNING", "1");
        Process node = builder.start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(node.exitValue())
                .as("node " + script + ": " + Files.readString(project.resolve("produce.err")))
                .isZero();
        return out.trim();
    }

    private static void awaitCount(String sql, String usage, long expected) {
        Awaitility.await()
                .alias(sql + " for " + usage)
                .atMost(Duration.ofSeconds(60))
                .until(() -> query(sql, usage) == expected);
    }

    private static long query(String sql, String usage) throws Exception {
        try (Connection connection = DriverManager.getConnection(
                        env.get("JDBC_URL"), env.get("JDBC_USER"), env.get("JDBC_PASSWORD"));
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, env.get("PROJECT_ID"));
            statement.setString(2, usage);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The dead letter whose key is {@code key}, read from the start of the feedback DLT. */
    private static ConsumerRecord<byte[], byte[]> deadLetterOf(String key, Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        env.get("KAFKA_BOOTSTRAP_SERVERS"),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            String topic = Topics.FEEDBACK.deadLetterTopic();
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> seen = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String recordKey = new String(record.key(), StandardCharsets.UTF_8);
                    if (recordKey.equals(key)) {
                        return record;
                    }
                    seen.add(recordKey);
                }
            }
            throw new AssertionError("no dead letter with key " + key + " in " + timeout + "; saw " + seen);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() <= 140 ? text : text.substring(0, 140) + "...";
    }
}
