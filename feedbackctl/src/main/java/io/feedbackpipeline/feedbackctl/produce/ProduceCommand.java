package io.feedbackpipeline.feedbackctl.produce;

import io.feedbackpipeline.feedbackctl.CommandFailure;
import io.feedbackpipeline.feedbackctl.Connection;
import io.feedbackpipeline.feedbackctl.FeedbackCtl;
import io.feedbackpipeline.feedbackctl.Uuids;
import io.feedbackpipeline.jsoncontract.CompletionLogInput;
import io.feedbackpipeline.jsoncontract.CompletionLogJson;
import io.feedbackpipeline.jsoncontract.Events;
import io.feedbackpipeline.jsoncontract.FeedbackInput;
import io.feedbackpipeline.jsoncontract.NativeFeedbackJson;
import io.feedbackpipeline.jsoncontract.Violations;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackBatch;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
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
 * Publishes JSON lines as a direct producer would: every line is read as the native API reads its JSON (one shared
 * contract, {@code json-contract}), and nothing is sent unless all lines are well formed. Feedback lines are grouped
 * into FeedbackBatch records; the processor checks them against the catalog like any other event (invalid ones
 * become dead letters).
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

    private static final String REQUEST_ID = "feedbackctl";

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

    /**
     * Feedback lines in records of at most {@code --batch-size} items, each line read as an item of the native API
     * reads it (the shared contract: an unknown field is refused), every line checked before anything is sent.
     */
    private List<ProducerRecord<String, SpecificRecord>> batches(UUID projectId, List<JsonNode> lines) {
        List<FeedbackInput> inputs = new ArrayList<>(lines.size());
        for (int n = 0; n < lines.size(); n++) {
            Violations violations = new Violations();
            inputs.add(NativeFeedbackJson.item(lines.get(n), n, violations));
            refuseIfAny(n, violations);
        }
        List<ProducerRecord<String, SpecificRecord>> records = new ArrayList<>();
        for (int start = 0; start < inputs.size(); start += batchSize) {
            List<FeedbackInput> items = inputs.subList(start, Math.min(inputs.size(), start + batchSize));
            FeedbackBatch batch = Events.feedbackBatch(
                    projectId,
                    null,
                    FeedbackSource.DIRECT_PRODUCER,
                    items,
                    UUID.randomUUID(),
                    Instant.now().truncatedTo(ChronoUnit.MICROS),
                    REQUEST_ID,
                    null);
            records.add(
                    new ProducerRecord<>(Topics.FEEDBACK.name(), items.get(0).usageId(), batch));
        }
        return records;
    }

    /** Completion log lines, each read as {@code POST /v1/completion-logs} reads its body. */
    private List<ProducerRecord<String, SpecificRecord>> logs(UUID projectId, List<JsonNode> lines) {
        List<ProducerRecord<String, SpecificRecord>> records = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            Violations violations = new Violations();
            CompletionLogInput input = CompletionLogJson.read(lines.get(n), violations);
            refuseIfAny(n, violations);
            CompletionLogged log = Events.completionLog(
                    projectId, input, UUID.randomUUID(), Instant.now().truncatedTo(ChronoUnit.MICROS), REQUEST_ID);
            records.add(new ProducerRecord<>(Topics.COMPLETION_LOGS.name(), log.getUsageId(), log));
        }
        return records;
    }

    private static void refuseIfAny(int index, Violations violations) {
        if (!violations.isEmpty()) {
            throw invalid(
                    index + 1,
                    violations.list().stream()
                            .map(violation -> violation.field() + " " + violation.reason())
                            .collect(Collectors.joining(", ")));
        }
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

    private static CommandFailure invalid(int line, String problem) {
        return new CommandFailure(FeedbackCtl.FAILED, "line " + line + ": " + problem + "; nothing was published");
    }
}
