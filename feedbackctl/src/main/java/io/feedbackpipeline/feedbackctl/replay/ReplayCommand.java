package io.feedbackpipeline.feedbackctl.replay;

import io.feedbackpipeline.feedbackctl.CommandFailure;
import io.feedbackpipeline.feedbackctl.Connection;
import io.feedbackpipeline.feedbackctl.FeedbackCtl;
import io.feedbackpipeline.processor.projection.ProjectionTables;
import io.feedbackpipeline.processor.replay.ReplayProjection;
import io.feedbackpipeline.processor.replay.ReplayProjection.Applied;
import io.feedbackpipeline.schemas.contract.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Re-reads a time range of the topics through the processor's own intake, merge and projection. Merges are
 * idempotent, so a replay over up-to-date tables changes nothing, two replays change nothing a single one would
 * not, and a replay alongside the live processor is safe.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-project a time range of feedback.v1 and completion-logs.v1 (by record timestamp).")
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(names = "--from", required = true, description = "ISO-8601 instant, or 'earliest'")
    String from;

    @Option(names = "--to", description = "ISO-8601 instant (default: the end of the topics now)")
    String to;

    @Option(names = "--topic", description = "only this topic: feedback.v1 or completion-logs.v1")
    String topic;

    @Option(names = "--batch-size", defaultValue = "1000", description = "records per projection transaction")
    int batchSize;

    @Override
    public Integer call() {
        Instant since = "earliest".equals(from) ? null : instant("--from", from);
        Instant until = to == null ? null : instant("--to", to);
        List<String> topics = topics();
        ReplayProjection projection = ReplayProjection.create(connection.dataSource(), ProjectionTables.LIVE);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String name : topics) {
                consumer.partitionsFor(name, Duration.ofSeconds(15))
                        .forEach(info -> partitions.add(new TopicPartition(name, info.partition())));
            }
            TopicRange range = TopicRange.of(consumer, partitions, since, until);
            consumer.assign(partitions);
            range.start().forEach(consumer::seek);
            Set<TopicPartition> open = new HashSet<>();
            partitions.stream().filter(p -> range.start().get(p) < range.end().get(p)).forEach(open::add);
            consumer.pause(partitions.stream().filter(p -> !open.contains(p)).toList());

            Progress progress = new Progress(spec.commandLine().getErr(), range.total());
            long records = 0;
            long items = 0;
            long rows = 0;
            long skipped = 0;
            while (!open.isEmpty()) {
                List<ConsumerRecord<byte[], byte[]>> chunk = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < range.end().get(partition)) {
                        chunk.add(record);
                    }
                }
                for (TopicPartition partition : List.copyOf(open)) {
                    if (consumer.position(partition) >= range.end().get(partition)) {
                        open.remove(partition);
                        consumer.pause(List.of(partition));
                    }
                }
                if (!chunk.isEmpty()) {
                    Applied applied = projection.apply(chunk);
                    records += applied.records();
                    items += applied.items();
                    rows += applied.rowsChanged();
                    skipped += applied.skipped();
                    progress.advance(applied.records());
                }
            }
            progress.advance(0);
            spec.commandLine().getErr().println();
            spec.commandLine().getOut().printf(
                    "replayed %,d record(s) (%,d feedback item(s)) of %s in %.1f s: %,d row(s) changed, %,d invalid"
                            + " record(s) skipped%n", records, items, String.join(", ", topics), progress.seconds(),
                    rows, skipped);
        }
        return 0;
    }

    private List<String> topics() {
        if (topic == null) {
            return List.of(Topics.FEEDBACK.name(), Topics.COMPLETION_LOGS.name());
        }
        if (!topic.equals(Topics.FEEDBACK.name()) && !topic.equals(Topics.COMPLETION_LOGS.name())) {
            throw new CommandFailure(FeedbackCtl.USAGE, "--topic must be feedback.v1 or completion-logs.v1");
        }
        return List.of(topic);
    }

    private static Instant instant(String option, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandFailure(FeedbackCtl.USAGE, option + " must be 'earliest' or an ISO-8601 instant like "
                    + "2026-11-22T10:00:00Z, was '" + text + "'");
        }
    }
}
