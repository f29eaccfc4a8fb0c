package io.feedbackpipeline.projection.rebuild;

import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.projection.Projector;
import io.feedbackpipeline.projection.RunOutcome;
import io.feedbackpipeline.projection.TransactionLimits;
import io.feedbackpipeline.projection.replay.TopicReader;
import io.feedbackpipeline.projection.store.RollupRefresh;
import io.feedbackpipeline.projection.store.Transactions;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/**
 * Builds the projection afresh from the start of the topics into shadow tables while the live processor keeps
 * ingesting, catches up, then swaps the shadow tables in. Refuses to run beside another rebuild, finishes or cleans
 * up what a crashed rebuild left, and swaps only when the final catch-up reached the topics' end offsets taken while
 * the live tables were locked. Refuses, too, when the topics no longer start at offset 0, unless told to accept that
 * loss: a rebuild from a truncated history would silently drop feedback the live tables still hold.
 */
public final class Rebuild {

    /** Marks the shadow rollup consumes per transaction before the swap. */
    private static final int ROLLUP_BATCH = 20_000;

    /**
     * A rebuild reads in large chunks: its tables have no reader yet, and the larger the chunk, the more of a
     * register's history folds into one write (a backlog of 10 items per register is written about 3 times instead
     * of 10).
     */
    public static final TopicReader.Chunk CHUNK = new TopicReader.Chunk(200_000, 32L * 1024 * 1024);

    /** And writes each chunk in one transaction, so the fold spans the whole chunk. */
    public static final TransactionLimits TRANSACTIONS = new TransactionLimits(1_000_000, CHUNK.bytes());

    /**
     * A rebuild's statements may run far longer than the processor's (60 s): each writes a whole chunk, up to a
     * million items, and in full benchmark run 7 (2026-12-06, a busy 2-core machine, 10 M analytics rows beside it) one
     * chunk's projection of ratings into the log rows ran past 60 s, was cancelled, and the rebuild failed. A lock is
     * still waited for at most 10 s, as in the processor.
     */
    public static final Transactions.Timeouts TIMEOUTS =
            new Transactions.Timeouts(Duration.ofSeconds(10), Duration.ofMinutes(30));

    /** The transactions a rebuild's projector writes its shadow tables in (see {@link #TIMEOUTS}). */
    public static Transactions transactions(DataSource owner) {
        return new Transactions(owner, TIMEOUTS);
    }

    /**
     * How a rebuild paces its catch-up and swap.
     *
     * @param holderPatience after an attempt that timed out on the lock, how long the rebuild waits (without queueing)
     *     for the transactions that then held the live tables to end before it tries again: a long one (a refresh of
     *     the analytics rollup over a busy hour, an export's snapshot, an analyst's query) would otherwise use up every
     *     attempt while it runs
     * @param acceptHistoryLoss rebuild even though the topics no longer start at offset 0 (retention or
     *     deleteRecords removed their oldest records): the rebuilt projection then lacks what those records held
     */
    public record Settings(
            long swapLag,
            int maxCatchUpRounds,
            int maxSwapAttempts,
            Duration swapCatchUpTime,
            Duration lockTimeout,
            Duration holderPatience,
            boolean acceptHistoryLoss) {
        public static final Settings DEFAULT = new Settings(
                1_000, 10, 20, Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMinutes(30), false);

        public Settings acceptingHistoryLoss() {
            return new Settings(
                    swapLag, maxCatchUpRounds, maxSwapAttempts, swapCatchUpTime, lockTimeout, holderPatience, true);
        }
    }

    /**
     * A rebuild swapped in.
     *
     * @param attempts the swap attempts it took
     * @param held how long the swap held the live tables
     * @param retaken the registers whose change the swap took again under its lock (written since its last catch-up)
     */
    public record SwappedIn(int attempts, Duration held, long retaken) {}

    /** Another rebuild holds the lock, or the swap could not be completed. */
    public static final class RebuildRefused extends RuntimeException {
        RebuildRefused(String message) {
            super(message);
        }
    }

    private final DataSource ownerDataSource;
    private final Settings settings;

    /** @param ownerDataSource connections as the role that owns the projection tables */
    public Rebuild(DataSource ownerDataSource, Settings settings) {
        this.ownerDataSource = ownerDataSource;
        this.settings = settings;
    }

    /** Runs the rebuild; {@code projector} must write the shadow tables. */
    public SwappedIn run(TopicReader reader, Projector projector, Consumer<RunOutcome> eachChunk) throws SQLException {
        Map<TopicPartition, Long> start = reader.range(null, null).start();
        List<String> lost = lostHistory(start);
        if (!lost.isEmpty() && !settings.acceptHistoryLoss()) {
            throw new RebuildRefused("the topics no longer hold their whole history (" + String.join(", ", lost)
                    + "): a rebuild from what is left would drop those records' feedback from the projection, which"
                    + " the live tables still have. The live tables are unchanged. To rebuild anyway, accept the loss"
                    + " explicitly (feedbackctl replay --rebuild --accept-history-loss)");
        }
        try (RebuildLock lock = RebuildLock.tryAcquire(ownerDataSource)
                .orElseThrow(() ->
                        new RebuildRefused("another rebuild is running on this database; wait for it to finish"))) {
            ShadowTables shadow = new ShadowTables(ownerDataSource, settings.lockTimeout());
            RollupRefresh rollup = new RollupRefresh(ownerDataSource, ProjectionTables.SHADOW);
            shadow.finishEarlierSwap();
            SwapChanges.dropRelayed(ownerDataSource);
            shadow.create();
            Instant noDeadline = Instant.MAX;
            reader.seek(start);
            reader.drain(reader.endOffsets(), projector, eachChunk, noDeadline);
            // Most of what the swap changes is known now; the swap takes again only what is written after this.
            SwapChanges changes = SwapChanges.take(ownerDataSource);
            for (int attempt = 1; attempt <= settings.maxSwapAttempts(); attempt++) {
                for (int round = 0;
                        round < settings.maxCatchUpRounds() && reader.behind() > settings.swapLag();
                        round++) {
                    reader.drain(reader.endOffsets(), projector, eachChunk, noDeadline);
                }
                // The shadow rollup is computed before the swap, outside its lock; what the final catch-up writes
                // keeps its marks, which the live refresher works through after the swap.
                rollup.refreshAll(ROLLUP_BATCH);
                changes.catchUp();
                Optional<ShadowTables.Swapped> swapped = shadow.trySwap(changes, () -> {
                    Map<TopicPartition, Long> end = reader.endOffsets();
                    return reader.drain(end, projector, eachChunk, Instant.now().plus(settings.swapCatchUpTime()));
                });
                if (swapped.isPresent()) {
                    return new SwappedIn(
                            attempt, swapped.get().held(), swapped.get().retaken());
                }
                if (attempt < settings.maxSwapAttempts()) {
                    awaitHolders(shadow);
                }
            }
            SwapChanges.discard(ownerDataSource);
            throw new RebuildRefused("could not swap in " + settings.maxSwapAttempts() + " attempts: the live"
                    + " tables stayed locked longer than "
                    + settings.lockTimeout().toMillis() + " ms each time (and their holders did not finish within "
                    + settings.holderPatience().toMinutes() + " min), or"
                    + " the final catch-up did not reach the end of the topics in "
                    + settings.swapCatchUpTime().toSeconds()
                    + " s; the live tables are unchanged and the next rebuild starts afresh");
        }
    }

    /** Waits for whoever holds the live tables after a failed attempt, so the next attempt is not spent behind it. */
    private void awaitHolders(ShadowTables shadow) throws SQLException {
        try {
            shadow.awaitGone(shadow.liveTableHolders(), settings.holderPatience());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RebuildRefused("interrupted while waiting for the live tables; the live tables are unchanged");
        }
    }

    /**
     * The partitions that no longer start at offset 0, with how many records they lost: a topic with finite retention
     * (a pre-existing one keeps the broker's default of 7 days) or a deleteRecords call removes the oldest records.
     */
    static List<String> lostHistory(Map<TopicPartition, Long> beginningOffsets) {
        return beginningOffsets.entrySet().stream()
                .filter(partition -> partition.getValue() > 0)
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::toString)))
                .map(partition -> "%s starts at offset %,d: %,d record(s) gone"
                        .formatted(partition.getKey(), partition.getValue(), partition.getValue()))
                .toList();
    }
}
