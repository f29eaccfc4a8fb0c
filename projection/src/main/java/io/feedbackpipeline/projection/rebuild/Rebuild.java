package io.feedbackpipeline.projection.rebuild;

import io.feedbackpipeline.projection.Projected;
import io.feedbackpipeline.projection.Projector;
import io.feedbackpipeline.projection.TransactionLimits;
import io.feedbackpipeline.projection.replay.TopicReader;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/**
 * Builds the projection afresh from the start of the topics into shadow tables while the live processor keeps
 * ingesting, catches up, then swaps the shadow tables in. Refuses to run beside another rebuild, finishes or cleans
 * up what a crashed rebuild left, and swaps only when the final catch-up reached the topics' end offsets taken while
 * the live tables were locked.
 */
public final class Rebuild {

    /**
     * A rebuild reads in large chunks: its tables have no reader yet, and the larger the chunk, the more of a
     * register's history folds into one write (a backlog of 10 items per register is written about 3 times instead
     * of 10).
     */
    public static final TopicReader.Chunk CHUNK = new TopicReader.Chunk(200_000, 32L * 1024 * 1024);

    /** And writes each chunk in one transaction, so the fold spans the whole chunk. */
    public static final TransactionLimits TRANSACTIONS = new TransactionLimits(1_000_000, CHUNK.bytes());

    /** How a rebuild paces its catch-up and swap. */
    public record Settings(
            long swapLag, int maxCatchUpRounds, int maxSwapAttempts, Duration swapCatchUpTime, Duration lockTimeout) {
        public static final Settings DEFAULT =
                new Settings(1_000, 10, 20, Duration.ofSeconds(30), Duration.ofSeconds(2));
    }

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

    /**
     * Runs the rebuild; {@code projector} must write the shadow tables. Returns the number of swap attempts it took.
     */
    public int run(TopicReader reader, Projector projector, Consumer<Projected> eachChunk) throws SQLException {
        try (RebuildLock lock = RebuildLock.tryAcquire(ownerDataSource)
                .orElseThrow(() ->
                        new RebuildRefused("another rebuild is running on this database; wait for it to finish"))) {
            ShadowTables shadow = new ShadowTables(ownerDataSource, settings.lockTimeout());
            shadow.finishEarlierSwap();
            shadow.create();
            Instant noDeadline = Instant.MAX;
            reader.seek(reader.range(null, null).start());
            reader.drain(reader.endOffsets(), projector, eachChunk, noDeadline);
            for (int attempt = 1; attempt <= settings.maxSwapAttempts(); attempt++) {
                for (int round = 0;
                        round < settings.maxCatchUpRounds() && reader.behind() > settings.swapLag();
                        round++) {
                    reader.drain(reader.endOffsets(), projector, eachChunk, noDeadline);
                }
                boolean swapped = shadow.trySwap(() -> {
                    Map<TopicPartition, Long> end = reader.endOffsets();
                    return reader.drain(end, projector, eachChunk, Instant.now().plus(settings.swapCatchUpTime()));
                });
                if (swapped) {
                    return attempt;
                }
            }
            throw new RebuildRefused("could not swap in " + settings.maxSwapAttempts() + " attempts: the live"
                    + " tables stayed locked longer than "
                    + settings.lockTimeout().toMillis() + " ms each time, or"
                    + " the final catch-up did not reach the end of the topics in "
                    + settings.swapCatchUpTime().toSeconds()
                    + " s; the live tables are unchanged and the next rebuild starts afresh");
        }
    }
}
