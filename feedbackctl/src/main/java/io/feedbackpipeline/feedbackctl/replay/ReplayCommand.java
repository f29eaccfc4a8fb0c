package io.feedbackpipeline.feedbackctl.replay;

import io.feedbackpipeline.feedbackctl.CommandFailure;
import io.feedbackpipeline.feedbackctl.Connection;
import io.feedbackpipeline.feedbackctl.FeedbackCtl;
import io.feedbackpipeline.feedbackctl.Instants;
import io.feedbackpipeline.processor.projection.ProjectionTables;
import io.feedbackpipeline.processor.projection.ShadowTables;
import io.feedbackpipeline.processor.replay.ReplayProjection;
import io.feedbackpipeline.processor.replay.ReplayProjection.Applied;
import io.feedbackpipeline.schemas.contract.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
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
        description = {"Re-project a time range of feedback.v1 and completion-logs.v1 (by record timestamp).",
                "--rebuild builds the projection afresh from the start of the topics into shadow tables while the",
                "live processor keeps ingesting, catches up, then swaps them in atomically."})
public final class ReplayCommand implements Callable<Integer> {

    private static final int MAX_CATCH_UP_ROUNDS = 10;
    /** The tail left for the swap, which runs while the live tables are locked. */
    private static final long SWAP_LAG = 1_000;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(names = "--from", description = "ISO-8601 instant, or 'earliest' (required unless --rebuild)")
    String from;

    @Option(names = "--rebuild", description = "rebuild everything into shadow tables, then swap them in")
    boolean rebuild;

    @Option(names = "--to", description = "ISO-8601 instant (default: the end of the topics now)")
    String to;

    @Option(names = "--topic", description = "only this topic: feedback.v1 or completion-logs.v1")
    String topic;

    @Option(names = "--batch-size", defaultValue = "1000", description = "records per projection transaction")
    int batchSize;

    /** What a drain applied. */
    private static final class Totals {
        long records;
        long items;
        long rows;
        long skipped;

        void add(Applied applied) {
            records += applied.records();
            items += applied.items();
            rows += applied.rowsChanged();
            skipped += applied.skipped();
        }
    }

    @Override
    public Integer call() {
        if (rebuild) {
            if (from != null || to != null || topic != null) {
                throw new CommandFailure(FeedbackCtl.USAGE, "--rebuild always reads both topics from the start;"
                        + " drop --from, --to and --topic");
            }
            return rebuild();
        }
        if (from == null) {
            throw new CommandFailure(FeedbackCtl.USAGE, "--from is required (an ISO-8601 instant or 'earliest')");
        }
        Instant since = "earliest".equals(from) ? null : Instants.parse("--from", from);
        Instant until = to == null ? null : Instants.parse("--to", to);
        List<String> topics = topics();
        ReplayProjection projection = ReplayProjection.create(connection.dataSource(), ProjectionTables.LIVE);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topics);
            TopicRange range = TopicRange.of(consumer, partitions, since, until);
            consumer.assign(partitions);
            range.start().forEach(consumer::seek);
            Progress progress = new Progress(spec.commandLine().getErr(), range.total());
            Totals totals = new Totals();
            drain(consumer, range.end(), projection, progress, totals);
            progress.advance(0);
            spec.commandLine().getErr().println();
            spec.commandLine().getOut().printf(
                    "replayed %,d record(s) (%,d feedback item(s)) of %s in %.1f s: %,d row(s) changed, %,d invalid"
                            + " record(s) skipped%n", totals.records, totals.items, String.join(", ", topics),
                    progress.seconds(), totals.rows, totals.skipped);
        }
        return 0;
    }

    private int rebuild() {
        DataSource dataSource = connection.dataSource();
        ShadowTables shadow = new ShadowTables(dataSource);
        shadow.create();
        ReplayProjection projection = ReplayProjection.create(dataSource, ProjectionTables.SHADOW);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topics());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long total = end.values().stream().mapToLong(Long::longValue).sum()
                    - consumer.beginningOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            Progress progress = new Progress(spec.commandLine().getErr(), total);
            Totals totals = new Totals();
            drain(consumer, end, projection, progress, totals);
            for (int round = 0; round < MAX_CATCH_UP_ROUNDS && behind(consumer, partitions) > SWAP_LAG; round++) {
                drain(consumer, consumer.endOffsets(partitions), projection, progress, totals);
            }
            shadow.swap(() -> drain(consumer, consumer.endOffsets(partitions), projection, progress, totals));
            spec.commandLine().getErr().println();
            spec.commandLine().getOut().printf("rebuilt the projection from %,d record(s) (%,d feedback item(s)) in"
                            + " %.1f s and swapped it in; %,d invalid record(s) skipped%n", totals.records, totals.items,
                    progress.seconds(), totals.skipped);
        }
        return 0;
    }

    /** Applies records until every partition reached {@code end}, in chunks of at most --batch-size. */
    private static void drain(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end,
            ReplayProjection projection, Progress progress, Totals totals) {
        Set<TopicPartition> open = new HashSet<>();
        end.forEach((partition, offset) -> {
            if (consumer.position(partition) < offset) {
                open.add(partition);
            }
        });
        consumer.resume(open);
        consumer.pause(end.keySet().stream().filter(p -> !open.contains(p)).toList());
        while (!open.isEmpty()) {
            List<ConsumerRecord<byte[], byte[]>> chunk = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    chunk.add(record);
                }
            }
            for (TopicPartition partition : List.copyOf(open)) {
                if (consumer.position(partition) >= end.get(partition)) {
                    open.remove(partition);
                    consumer.pause(List.of(partition));
                }
            }
            if (!chunk.isEmpty()) {
                Applied applied = projection.apply(chunk);
                totals.add(applied);
                progress.advance(applied.records());
            }
        }
        // Records read past end stay unapplied; seek back so the next drain starts exactly at end.
        end.forEach(consumer::seek);
    }

    private static long behind(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        return consumer.endOffsets(partitions).entrySet().stream()
                .mapToLong(e -> e.getValue() - consumer.position(e.getKey())).sum();
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, List<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String name : topics) {
            consumer.partitionsFor(name, Duration.ofSeconds(15))
                    .forEach(info -> partitions.add(new TopicPartition(name, info.partition())));
        }
        return partitions;
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
}
