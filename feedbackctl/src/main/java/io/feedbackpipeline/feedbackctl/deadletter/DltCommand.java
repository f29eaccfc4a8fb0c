package io.feedbackpipeline.feedbackctl.deadletter;

import io.feedbackpipeline.feedbackctl.CommandFailure;
import io.feedbackpipeline.feedbackctl.Connection;
import io.feedbackpipeline.feedbackctl.FeedbackCtl;
import io.feedbackpipeline.feedbackctl.Instants;
import io.feedbackpipeline.schemas.contract.DeadLetter;
import io.feedbackpipeline.schemas.contract.DurableProducer;
import io.feedbackpipeline.schemas.contract.TopicContract;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.EventDeserializer;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "dlt",
        mixinStandardHelpOptions = true,
        description = "Inspect dead letters and re-drive them to their source topic after the cause is fixed.")
public final class DltCommand {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Which dead letters a command works on. */
    static final class Selection {
        @Option(names = "--topic", description = "source topic: feedback.v1 or completion-logs.v1 (default: both)")
        String topic;

        @Option(names = "--reason", description = "only this dlt.reason (undecodable, unknown-schema, ...)")
        String reason;

        @Option(names = "--from", description = "failed at or after this ISO-8601 instant")
        String from;

        @Option(names = "--to", description = "failed before this ISO-8601 instant")
        String to;

        List<DeadLetter> select(Connection connection) {
            Instant since = instant("--from", from, Instant.MIN);
            Instant until = instant("--to", to, Instant.MAX);
            List<DeadLetter> selected = new ArrayList<>();
            for (TopicContract<?> contract : sources(topic)) {
                for (DeadLetter letter : DeadLetters.read(connection.bootstrapServers(), contract.deadLetterTopic())) {
                    Instant failed = letter.failedAt();
                    if ((reason == null || reason.equals(letter.reason()))
                            && !failed.isBefore(since)
                            && failed.isBefore(until)) {
                        selected.add(letter);
                    }
                }
            }
            return selected;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "One line per dead letter: id, failed at, reason, origin, detail.")
    void list(
            @Mixin Connection connection,
            @Mixin Selection selection,
            @Option(names = "--limit", defaultValue = "100") int limit) {
        PrintWriter out = spec.commandLine().getOut();
        List<DeadLetter> letters = selection.select(connection);
        letters.stream()
                .limit(limit)
                .forEach(letter -> out.printf(
                        "%s  %s  %s  from %s  %s%n",
                        letter.id(), letter.failedAt(), letter.reason(), letter.origin(), letter.detail()));
        out.printf("%d dead letter(s)%s%n", letters.size(), letters.size() > limit ? ", " + limit + " shown" : "");
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Every header of one dead letter and a decoded view of its value where possible.")
    void show(
            @Mixin Connection connection,
            @Parameters(paramLabel = "ID", description = "TOPIC:PARTITION:OFFSET, as listed") String id) {
        String topic = id.contains(":") ? id.substring(0, id.indexOf(':')) : id;
        TopicContract<?> source = sources(null).stream()
                .filter(c -> c.deadLetterTopic().equals(topic))
                .findFirst()
                .orElseThrow(() -> new CommandFailure(
                        FeedbackCtl.USAGE, "ID must start with a dead-letter topic, " + "e.g. feedback.v1.dlt:0:12"));
        DeadLetter letter = DeadLetters.read(connection.bootstrapServers(), topic).stream()
                .filter(candidate -> candidate.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new CommandFailure(FeedbackCtl.NOT_FOUND, "no dead letter " + id));
        PrintWriter out = spec.commandLine().getOut();
        out.println("dead letter " + letter.id());
        out.println("key: "
                + (letter.record().key() == null
                        ? "(none)"
                        : new String(letter.record().key(), StandardCharsets.UTF_8)));
        for (Header header : letter.record().headers()) {
            out.println("header " + header.key() + ": " + new String(header.value(), StandardCharsets.UTF_8));
        }
        byte[] value = letter.record().value();
        try {
            out.println("decoded: " + new EventDeserializer<>(source.valueType()).deserialize(topic, value));
        } catch (RuntimeException e) {
            out.println("not decodable: " + e.getMessage());
            byte[] head =
                    Arrays.copyOf(value == null ? new byte[0] : value, Math.min(value == null ? 0 : value.length, 64));
            out.println("first bytes: " + HexFormat.ofDelimiter(" ").formatHex(head));
        }
    }

    @Command(
            name = "redrive",
            mixinStandardHelpOptions = true,
            description = {
                "Re-publish the selected dead letters to their source topic, unchanged.",
                "Merges are idempotent: re-driving twice has no further effect on the tables."
            })
    void redrive(
            @Mixin Connection connection,
            @Mixin Selection selection,
            @Option(names = "--dry-run", description = "only say what would be re-driven") boolean dryRun)
            throws Exception {
        List<DeadLetter> letters = selection.select(connection);
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            letters.forEach(letter -> out.printf("would re-drive %s to %s%n", letter.id(), letter.originalTopic()));
            out.printf("%d dead letter(s) would go back%n", letters.size());
            return;
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                DurableProducer.settings(
                        connection.bootstrapServers(),
                        Map.of(
                                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                                15_000,
                                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                                30_000,
                                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                20_000)),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (DeadLetter letter : letters) {
                acks.add(producer.send(letter.backToSource()));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
        out.printf("re-drove %d dead letter(s) to their source topic%n", letters.size());
    }

    private static List<TopicContract<?>> sources(String topic) {
        if (topic == null) {
            return Topics.INPUTS;
        }
        return Topics.INPUTS.stream()
                .filter(contract -> contract.name().equals(topic))
                .findFirst()
                .<List<TopicContract<?>>>map(List::of)
                .orElseThrow(() -> new CommandFailure(
                        FeedbackCtl.USAGE, "--topic must be feedback.v1 or completion-logs.v1, was '" + topic + "'"));
    }

    private static Instant instant(String option, String text, Instant fallback) {
        return text == null ? fallback : Instants.parse(option, text);
    }
}
