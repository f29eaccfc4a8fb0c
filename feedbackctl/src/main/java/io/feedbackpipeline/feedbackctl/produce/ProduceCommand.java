package io.feedbackpipeline.feedbackctl.produce;

import io.feedbackpipeline.feedbackctl.CommandFailure;
import io.feedbackpipeline.feedbackctl.Connection;
import io.feedbackpipeline.feedbackctl.FeedbackCtl;
import io.feedbackpipeline.feedbackctl.Uuids;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.feedbackpipeline.schemas.contract.DurableProducer;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.EventSerializer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes JSON lines as a direct producer would: every line is checked first, and nothing is sent unless all
 * lines are well formed. Feedback lines are grouped into FeedbackBatch records; the processor validates them
 * against the catalog like any other event (invalid ones become dead letters).
 */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = {
            "Publish JSON lines to Kafka with the schemas serializer.",
            "Feedback line: {\"usage_id\", \"feedback_type_id\", \"flag\"|\"value\"|\"comment\", \"tag\", \"occurred_at\"}",
            "Log line (--completion-logs): {\"usage_id\", \"timestamp\", \"openai_name\", \"prompt\", \"completion\", ...}"
        })
public final class ProduceCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(names = "--project", required = true)
    String project;

    @Option(names = "--file", description = "JSON lines file (default: standard input)")
    Path file;

    @Option(names = "--completion-logs", description = "lines are completion logs, not feedback items")
    boolean completionLogs;

    @Option(names = "--batch-size", defaultValue = "100", description = "feedback items per FeedbackBatch record")
    int batchSize;

    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    public Integer call() throws Exception {
        UUID projectId = Uuids.parse("--project", project);
        if (batchSize < 1) {
            throw new CommandFailure(FeedbackCtl.USAGE, "--batch-size must be at least 1");
        }
        List<JsonNode> lines = readLines();
        List<ProducerRecord<String, SpecificRecord>> records =
                completionLogs ? logs(projectId, lines) : batches(projectId, lines);
        try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
                DurableProducer.settings(
                        connection.bootstrapServers(),
                        Map.of(
                                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                                "zstd",
                                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                                15_000,
                                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                                30_000,
                                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                20_000)),
                new StringSerializer(),
                new EventSerializer<>())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            records.forEach(record -> acks.add(producer.send(record)));
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "published %d %s in %d record(s) to %s%n",
                        lines.size(),
                        completionLogs ? "completion log(s)" : "feedback item(s)",
                        records.size(),
                        completionLogs ? Topics.COMPLETION_LOGS.name() : Topics.FEEDBACK.name());
        return 0;
    }

    private List<ProducerRecord<String, SpecificRecord>> batches(UUID projectId, List<JsonNode> lines) {
        List<ProducerRecord<String, SpecificRecord>> records = new ArrayList<>();
        for (int start = 0; start < lines.size(); start += batchSize) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            List<FeedbackItem> items = new ArrayList<>();
            for (int n = start; n < Math.min(lines.size(), start + batchSize); n++) {
                JsonNode line = lines.get(n);
                items.add(FeedbackItem.newBuilder()
                        .setUsageId(text(line, "usage_id", n, true))
                        .setFeedbackTypeId(integer(line, "feedback_type_id", n))
                        .setFlag(line.hasNonNull("flag") ? bool(line, "flag", n) : null)
                        .setValue(line.hasNonNull("value") ? number(line, "value", n) : null)
                        .setComment(text(line, "comment", n, false))
                        .setTag(text(line, "tag", n, false))
                        .setOccurredAt(line.hasNonNull("occurred_at") ? time(line, "occurred_at", n) : now)
                        .build());
            }
            FeedbackBatch batch = FeedbackBatch.newBuilder()
                    .setEventId(UUID.randomUUID())
                    .setProjectId(projectId)
                    .setEndpointId(null)
                    .setReceivedAt(now)
                    .setSource(FeedbackSource.DIRECT_PRODUCER)
                    .setRequestId("feedbackctl")
                    .setItems(items)
                    .build();
            records.add(
                    new ProducerRecord<>(Topics.FEEDBACK.name(), items.get(0).getUsageId(), batch));
        }
        return records;
    }

    private List<ProducerRecord<String, SpecificRecord>> logs(UUID projectId, List<JsonNode> lines) {
        List<ProducerRecord<String, SpecificRecord>> records = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            JsonNode line = lines.get(n);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Map<String, String> values = new LinkedHashMap<>();
            JsonNode given = line.get("values");
            if (given != null && given.isObject()) {
                for (String name : given.propertyNames()) {
                    values.put(name, given.get(name).asString());
                }
            }
            CompletionLogged log = CompletionLogged.newBuilder()
                    .setEventId(UUID.randomUUID())
                    .setEmittedAt(now)
                    .setUsageId(text(line, "usage_id", n, true))
                    .setProjectId(projectId)
                    .setEndpointId(null)
                    .setUserId(text(line, "user_id", n, false))
                    .setCreatedAt(line.hasNonNull("timestamp") ? time(line, "timestamp", n) : now)
                    .setModel(text(line, "openai_name", n, false))
                    .setCost(line.hasNonNull("cost") ? number(line, "cost", n) : null)
                    .setPrompt(text(line, "prompt", n, false))
                    .setCompletion(text(line, "completion", n, false))
                    .setTemperature(line.hasNonNull("temp") ? number(line, "temp", n) : null)
                    .setManaged(line.hasNonNull("managed") ? bool(line, "managed", n) : null)
                    .setTemplateId(text(line, "template_id", n, false))
                    .setValues(values)
                    .setRequestId("feedbackctl")
                    .build();
            records.add(new ProducerRecord<>(Topics.COMPLETION_LOGS.name(), log.getUsageId(), log));
        }
        return records;
    }

    private List<JsonNode> readLines() throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader reader = file != null
                ? Files.newBufferedReader(file, StandardCharsets.UTF_8)
                : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String text;
            int number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = json.readTree(text);
                    if (!node.isObject()) {
                        throw invalid(number, "is not a JSON object");
                    }
                    lines.add(node);
                } catch (JacksonException e) {
                    throw invalid(number, "is not valid JSON: " + e.getOriginalMessage());
                }
            }
        }
        if (lines.isEmpty()) {
            throw new CommandFailure(FeedbackCtl.USAGE, "no lines to publish");
        }
        return lines;
    }

    private static String text(JsonNode line, String field, int index, boolean required) {
        JsonNode node = line.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw invalid(index + 1, field + " is required");
            }
            return null;
        }
        if (!node.isString()) {
            throw invalid(index + 1, field + " must be a string");
        }
        return node.stringValue();
    }

    private static int integer(JsonNode line, String field, int index) {
        JsonNode node = line.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw invalid(index + 1, field + " must be an integer");
        }
        return node.intValue();
    }

    private static boolean bool(JsonNode line, String field, int index) {
        if (!line.get(field).isBoolean()) {
            throw invalid(index + 1, field + " must be true or false");
        }
        return line.get(field).booleanValue();
    }

    private static double number(JsonNode line, String field, int index) {
        JsonNode node = line.get(field);
        if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
            throw invalid(index + 1, field + " must be a finite number");
        }
        return node.doubleValue();
    }

    private static Instant time(JsonNode line, String field, int index) {
        try {
            return OffsetDateTime.parse(text(line, field, index, true))
                    .toInstant()
                    .truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw invalid(index + 1, field + " must be an ISO-8601 date-time with offset");
        }
    }

    private static CommandFailure invalid(int line, String problem) {
        return new CommandFailure(FeedbackCtl.FAILED, "line " + line + ": " + problem + "; nothing was published");
    }
}
