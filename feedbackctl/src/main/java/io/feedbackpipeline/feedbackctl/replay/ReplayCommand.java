package io.feedbackpipeline.feedbackctl.replay;

import io.feedbackpipeline.catalog.CachedCatalog;
import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.feedbackctl.CommandFailure;
import io.feedbackpipeline.feedbackctl.Connection;
import io.feedbackpipeline.feedbackctl.FeedbackCtl;
import io.feedbackpipeline.feedbackctl.Instants;
import io.feedbackpipeline.projection.Projector;
import io.feedbackpipeline.projection.RunOutcome;
import io.feedbackpipeline.projection.TransactionLimits;
import io.feedbackpipeline.projection.externalregistry.SchemaRegistryClient;
import io.feedbackpipeline.projection.intake.Intake;
import io.feedbackpipeline.projection.rebuild.Rebuild;
import io.feedbackpipeline.projection.receipt.DecidedBefore;
import io.feedbackpipeline.projection.replay.TopicRange;
import io.feedbackpipeline.projection.replay.TopicReader;
import io.feedbackpipeline.projection.store.ProjectionWriter;
import io.feedbackpipeline.projection.store.Transactions;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.WriterSchemas;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Re-reads a time range of the topics through the projection library, the code the processor runs. Merges are
 * idempotent, so a replay over up-to-date tables changes nothing, two replays change nothing a single one would
 * not, and a replay alongside the live processor is safe. Records that fail validation are counted and skipped:
 * the first pass dead-lettered them already.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Re-project a time range of feedback.v1 and completion-logs.v1 (by record timestamp).",
            "--rebuild builds the projection afresh from the start of the topics into shadow tables while the",
            "live processor keeps ingesting, catches up, then swaps them in atomically (needs the role that",
            "owns the tables). Only one rebuild runs at a time; a crashed one is cleaned up by the next."
        })
public final class ReplayCommand implements Callable<Integer> {

    /** Records larger than this are skipped, as the processor dead-letters them. */
    private static final int MAX_RECORD_BYTES = 8 * 1024 * 1024;

    private static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration GROUP_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(names = "--from", description = "ISO-8601 instant, or 'earliest' (required unless --rebuild)")
    String from;

    @Option(names = "--rebuild", description = "rebuild everything into shadow tables, then swap them in")
    boolean rebuild;

    @Option(
            names = "--accept-history-loss",
            description = "with --rebuild: rebuild although the topics no longer start at offset 0 (retention deleted"
                    + " their oldest records); the rebuilt projection lacks what those held")
    boolean acceptHistoryLoss;

    @Option(names = "--to", description = "ISO-8601 instant (default: the end of the topics now)")
    String to;

    @Option(names = "--topic", description = "only this topic: feedback.v1 or completion-logs.v1")
    String topic;

    @Option(
            names = "--batch-size",
            description = "records per projection transaction (default: 1000; a rebuild reads up to 200000)")
    Integer batchSize;

    @Option(
            names = "--processor-group",
            defaultValue = "rating-processor",
            description = "the live processor's consumer group (default: ${DEFAULT-VALUE}): the events before its"
                    + " committed offsets have their receipts already, so none is recorded again for them")
    String processorGroup;

    /** A replay writes live tables, in transactions the size of the consumer's. */
    private static final int REPLAY_BATCH = 1000;

    /** What a replay applied. */
    private static final class Totals {
        long records;
        long items;
        long rows;
        long skipped;

        void add(RunOutcome projected) {
            records += projected.records();
            items += projected.items();
            rows += projected.written().total();
            skipped += projected.rejected().size();
        }
    }

    @Override
    public Integer call() throws SQLException {
        if (batchSize != null && batchSize < 1) {
            throw new CommandFailure(FeedbackCtl.USAGE, "--batch-size must be at least 1");
        }
        if (rebuild) {
            if (from != null || to != null || topic != null) {
                throw new CommandFailure(
                        FeedbackCtl.USAGE,
                        "--rebuild always reads both topics from the start;" + " drop --from, --to and --topic");
            }
            return rebuild();
        }
        if (from == null) {
            throw new CommandFailure(FeedbackCtl.USAGE, "--from is required (an ISO-8601 instant or 'earliest')");
        }
        Instant since = "earliest".equals(from) ? null : Instants.parse("--from", from);
        Instant until = to == null ? null : Instants.parse("--to", to);
        List<String> topics = topics();
        Projector projector = projector(
                new Transactions(connection.dataSource(), Transactions.Timeouts.DEFAULT),
                ProjectionTables.LIVE,
                TransactionLimits.DEFAULT);
        TopicReader.Chunk chunkSize = new TopicReader.Chunk(
                batchSize == null ? REPLAY_BATCH : batchSize, TransactionLimits.DEFAULT.maxBytes());
        try (TopicReader reader = new TopicReader(connection.bootstrapServers(), topics, chunkSize)) {
            TopicRange range = reader.range(since, until);
            reader.seek(range.start());
            Progress progress = new Progress(spec.commandLine().getErr(), range.total());
            Totals totals = new Totals();
            reader.drain(
                    range.end(),
                    projector,
                    chunk -> {
                        totals.add(chunk);
                        progress.advance(chunk.records());
                    },
                    Instant.MAX);
            progress.advance(0);
            spec.commandLine().getErr().println();
            spec.commandLine()
                    .getOut()
                    .printf(
                            "replayed %,d record(s) (%,d feedback item(s)) of %s in %.1f s: %,d row(s) changed, %,d invalid"
                                    + " record(s) skipped%n",
                            totals.records,
                            totals.items,
                            String.join(", ", topics),
                            progress.seconds(),
                            totals.rows,
                            totals.skipped);
        }
        return 0;
    }

    private int rebuild() throws SQLException {
        DataSource dataSource = connection.dataSource();
        Projector projector =
                projector(Rebuild.transactions(dataSource), ProjectionTables.SHADOW, Rebuild.TRANSACTIONS);
        TopicReader.Chunk chunkSize =
                batchSize == null ? Rebuild.CHUNK : new TopicReader.Chunk(batchSize, Rebuild.CHUNK.bytes());
        try (TopicReader reader = new TopicReader(connection.bootstrapServers(), topics(), chunkSize)) {
            Progress progress = new Progress(
                    spec.commandLine().getErr(), reader.range(null, null).total());
            Totals totals = new Totals();
            Rebuild.Settings settings =
                    acceptHistoryLoss ? Rebuild.Settings.DEFAULT.acceptingHistoryLoss() : Rebuild.Settings.DEFAULT;
            Rebuild.SwappedIn swapped = new Rebuild(dataSource, settings).run(reader, projector, chunk -> {
                totals.add(chunk);
                progress.advance(chunk.records());
            });
            spec.commandLine().getErr().println();
            spec.commandLine()
                    .getOut()
                    .printf(
                            "rebuilt the projection from %,d record(s) (%,d feedback item(s)) in"
                                    + " %.1f s and swapped it in (attempt %d, the live tables held %,d ms);"
                                    + " %,d invalid record(s) skipped%n",
                            totals.records,
                            totals.items,
                            progress.seconds(),
                            swapped.attempts(),
                            swapped.held().toMillis(),
                            totals.skipped);
        } catch (Rebuild.RebuildRefused e) {
            throw new CommandFailure(FeedbackCtl.FAILED, e.getMessage());
        }
        return 0;
    }

    /** Read before the topics are: whatever the live processor decides after that, it has not decided yet. */
    private Projector projector(Transactions transactions, ProjectionTables tables, TransactionLimits limits) {
        return new Projector(
                new Intake(new CachedCatalog(transactions.dataSource()), MAX_RECORD_BYTES, schemaRegistry()),
                new ProjectionWriter(transactions, tables),
                limits,
                DecidedBefore.committedBy(connection.bootstrapServers(), processorGroup, GROUP_TIMEOUT));
    }

    /**
     * The external registry the processor resolves Confluent schema ids beyond the bundled history with, if one is
     * named; the bundled history resolves without it, as in the processor.
     */
    private WriterSchemas schemaRegistry() {
        return connection
                .externalSchemaRegistryUrl()
                .<WriterSchemas>map(
                        url -> new SchemaRegistryClient(SchemaRegistryClient.Settings.of(url, REGISTRY_TIMEOUT)))
                .orElseGet(WriterSchemas::none);
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
