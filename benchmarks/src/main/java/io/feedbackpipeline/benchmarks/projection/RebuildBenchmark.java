package io.feedbackpipeline.benchmarks.projection;

import io.feedbackpipeline.catalog.CachedCatalog;
import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.localstack.kafka.ConsumerGroupProgress;
import io.feedbackpipeline.projection.Projector;
import io.feedbackpipeline.projection.intake.Intake;
import io.feedbackpipeline.projection.rebuild.Rebuild;
import io.feedbackpipeline.projection.receipt.DecidedBefore;
import io.feedbackpipeline.projection.replay.TopicReader;
import io.feedbackpipeline.projection.store.ProjectionWriter;
import io.feedbackpipeline.projection.store.RowTransport;
import io.feedbackpipeline.schemas.contract.Topics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A full rebuild, as {@code feedbackctl replay --rebuild} runs it: everything in both topics, then the swap; receipts
 * only for the events the live processor had not decided when it began.
 */
public final class RebuildBenchmark {

    /**
     * How many items the topics held, how long the rebuild took, how long its swap held the live tables and how many
     * registers it compared under that lock.
     */
    public record Outcome(long items, double seconds, double swapHeldSeconds, long retakenUnderLock) {
        public double itemsPerSecond() {
            return items / seconds;
        }
    }

    private static final Duration GROUP_TIMEOUT = Duration.ofSeconds(30);

    private RebuildBenchmark() {}

    public static Outcome run(String bootstrapServers, DataSource owner, RowTransport transport) throws Exception {
        Projector projector = new Projector(
                new Intake(new CachedCatalog(owner), 8 * 1024 * 1024),
                new ProjectionWriter(
                        Rebuild.transactions(owner),
                        ProjectionTables.SHADOW,
                        ProjectionWriter.Options.DEFAULT.withTransport(transport)),
                Rebuild.TRANSACTIONS,
                DecidedBefore.committedBy(bootstrapServers, ConsumerGroupProgress.PROCESSOR_GROUP, GROUP_TIMEOUT));
        AtomicLong items = new AtomicLong();
        long began = System.nanoTime();
        Rebuild.SwappedIn swapped;
        try (TopicReader reader = new TopicReader(
                bootstrapServers, List.of(Topics.FEEDBACK.name(), Topics.COMPLETION_LOGS.name()), Rebuild.CHUNK)) {
            swapped = new Rebuild(owner, Rebuild.Settings.DEFAULT)
                    .run(reader, projector, chunk -> items.addAndGet(chunk.items()));
        }
        return new Outcome(
                items.get(), (System.nanoTime() - began) / 1e9, swapped.held().toNanos() / 1e9, swapped.retaken());
    }
}
