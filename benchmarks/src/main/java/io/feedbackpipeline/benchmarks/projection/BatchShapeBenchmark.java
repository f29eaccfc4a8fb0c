package io.feedbackpipeline.benchmarks.projection;

import io.feedbackpipeline.merge.FeedbackWrite;
import io.feedbackpipeline.merge.Merge;
import io.feedbackpipeline.merge.Origin;
import io.feedbackpipeline.merge.RegisterKey;
import io.feedbackpipeline.projection.store.ProjectionWriter;
import io.feedbackpipeline.projection.store.RowTransport;
import io.feedbackpipeline.projection.store.Transactions;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The growth step's second axis: what the size of a transaction and the share of distinct keys in the stream do to
 * the writer's rate. Each cell writes the same number of feedback items into an emptied table of
 * {@code completion_feedback}'s shape, in transactions of {@code batch} items whose usage ids are drawn at random (with
 * replacement) from a pool of {@code distinctShare × items} keys: at 100% nearly every item is a new register; at 10%
 * a key is rated ten times on average, so duplicates inside a transaction are merged away before the database sees
 * them and the rest update registers earlier transactions wrote (the version guard decides). The writer is the processor's (binary COPY,
 * version-guarded upsert), fed pre-decoded items, so the figures are the merge's, the writer's and the database's.
 */
public final class BatchShapeBenchmark {

    /** One cell: items offered, the rows the merge left to write, and the wall time. */
    public record Cell(int batch, double distinctShare, long items, long rowsWritten, double seconds) {
        public double itemsPerSecond() {
            return items / seconds;
        }
    }

    private BatchShapeBenchmark() {}

    public static Cell run(
            DataSource owner,
            UUID project,
            int feedbackTypeId,
            int batch,
            double distinctShare,
            long items,
            GrowthBenchmark.Around around)
            throws Exception {
        GrowthBenchmark.recreateTables(owner);
        try {
            ProjectionWriter writer = new ProjectionWriter(
                    new Transactions(owner, Transactions.Timeouts.DEFAULT),
                    GrowthBenchmark.TABLES,
                    new ProjectionWriter.Options(false, false, false, RowTransport.COPY));
            SplittableRandom random = new SplittableRandom(batch * 31L + (long) (distinctShare * 1000));
            String[] keys = new String[(int) Math.max(1, Math.round(items * distinctShare))];
            for (int k = 0; k < keys.length; k++) {
                keys[k] = new UUID(random.nextLong(), random.nextLong()).toString();
            }
            long[] rows = new long[1];
            long[] took = new long[1];
            around.segment(() -> {
                long began = System.nanoTime();
                rows[0] = write(writer, project, feedbackTypeId, batch, items, keys, random);
                took[0] = System.nanoTime() - began;
            });
            return new Cell(batch, distinctShare, items, rows[0], took[0] / 1e9);
        } finally {
            GrowthBenchmark.dropTables(owner);
        }
    }

    private static long write(
            ProjectionWriter writer,
            UUID project,
            int type,
            int batch,
            long items,
            String[] keys,
            SplittableRandom random) {
        long rows = 0;
        try {
            for (long done = 0; done < items; done += batch) {
                int count = (int) Math.min(batch, items - done);
                List<FeedbackWrite> offered = new ArrayList<>(count);
                UUID event = new UUID(random.nextLong(), random.nextLong());
                for (int i = 0; i < count; i++) {
                    offered.add(GrowthBenchmark.randomRating(
                            new RegisterKey(project, keys[random.nextInt(keys.length)], type),
                            event,
                            i,
                            new Origin("bench.shape", 0, done + i),
                            random));
                }
                List<FeedbackWrite> merged = Merge.feedback(offered);
                rows += merged.size();
                writer.write(merged, List.of());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}
