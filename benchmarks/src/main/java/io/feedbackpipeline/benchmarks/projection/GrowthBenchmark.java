package io.feedbackpipeline.benchmarks.projection;

import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.merge.FeedbackWrite;
import io.feedbackpipeline.merge.Merge;
import io.feedbackpipeline.merge.Origin;
import io.feedbackpipeline.merge.RegisterKey;
import io.feedbackpipeline.merge.Version;
import io.feedbackpipeline.projection.store.ProjectionWriter;
import io.feedbackpipeline.projection.store.RowTransport;
import io.feedbackpipeline.projection.store.Transactions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * How the projection's cost grows with its size: new registers written by the processor's writer (binary COPY, the
 * version-guarded upsert) into a table of {@code completion_feedback}'s shape and indexes, from empty to
 * {@code registers}, one segment at a time, each segment's rate and the table's size at its end reported. Usage ids
 * are random (as Baseplate's are), so every insert lands on a random leaf of the key index: the case where a growing
 * index stops fitting in memory shows. Their times are either the moment of writing ({@link Times#ARRIVAL}) or spread
 * at random over 30 days ({@link Times#SPREAD}). The writes are made here, pre-merged, so the figures are the
 * database's and the writer's, not the consumer's.
 */
public final class GrowthBenchmark {

    /** Tables of the projection's shape; only the feedback table is written (no marks, receipts or changes). */
    static final ProjectionTables TABLES = new ProjectionTables(
            "bench_growth_feedback", "bench_growth_log", "bench_growth_rollup", "bench_growth_dirty");

    private static final int ITEMS_PER_TRANSACTION = 10_000;
    private static final Instant BASE = Instant.parse("2026-12-01T00:00:00Z");
    private static final int ITEMS_PER_REQUEST = 100;

    /** When the written feedback occurred, which decides where it lands in the {@code (project_id, occurred_at)} index. */
    public enum Times {
        /**
         * The moment of writing, one per 100 items: what the gateway stamps on Baseplate and Paradigm feedback, which
         * carries no time of its own (a Baseplate batch of 100 items shares one); the time index then grows at its end.
         */
        ARRIVAL,
        /** At random over 30 days, as native-API clients could send: every insert lands on a random leaf of both indexes. */
        SPREAD
    }

    /**
     * One segment: the registers the table held at its end, its wall time, the table's size then, and the write-ahead
     * log it wrote (bytes, and full-page images: the first change of a page after a checkpoint logs the whole page).
     */
    public record Segment(long registersAtEnd, long items, double seconds, long tableBytes, Wal wal) {
        public double itemsPerSecond() {
            return items / seconds;
        }
    }

    /** PostgreSQL's WAL counters ({@code pg_stat_wal}), cluster-wide. */
    public record Wal(long bytes, long fullPageImages) {
        Wal since(Wal earlier) {
            return new Wal(bytes - earlier.bytes, fullPageImages - earlier.fullPageImages);
        }
    }

    /** Runs each segment, to take CPU snapshots around it. */
    public interface Around {
        void segment(Runnable run) throws Exception;
    }

    private GrowthBenchmark() {}

    public static List<Segment> run(
            DataSource owner,
            UUID project,
            int feedbackTypeId,
            long registers,
            int segments,
            Times times,
            Around around)
            throws Exception {
        recreateTables(owner);
        ProjectionWriter writer = new ProjectionWriter(
                new Transactions(owner, Transactions.Timeouts.DEFAULT),
                TABLES,
                new ProjectionWriter.Options(false, false, false, RowTransport.COPY));
        SplittableRandom random = new SplittableRandom(24);
        long perSegment = registers / segments;
        List<Segment> measured = new ArrayList<>();
        long written = 0;
        try {
            for (int s = 0; s < segments; s++) {
                long items = perSegment;
                long[] took = new long[1];
                Wal before = wal(owner);
                around.segment(
                        () -> took[0] = timed(() -> write(writer, project, feedbackTypeId, items, times, random)));
                written += items;
                measured.add(new Segment(
                        written,
                        items,
                        took[0] / 1e9,
                        tableBytes(owner),
                        wal(owner).since(before)));
            }
        } finally {
            dropTables(owner);
        }
        return measured;
    }

    private static void write(
            ProjectionWriter writer, UUID project, int type, long items, Times times, SplittableRandom random) {
        try {
            for (long done = 0; done < items; done += ITEMS_PER_TRANSACTION) {
                int count = (int) Math.min(ITEMS_PER_TRANSACTION, items - done);
                List<FeedbackWrite> batch = new ArrayList<>(count);
                UUID event = new UUID(random.nextLong(), random.nextLong());
                Instant arrived = null;
                for (int i = 0; i < count; i++) {
                    if (i % ITEMS_PER_REQUEST == 0) {
                        arrived = Instant.now();
                    }
                    String usage = new UUID(random.nextLong(), random.nextLong()).toString();
                    batch.add(rating(
                            new RegisterKey(project, usage, type),
                            event,
                            i,
                            new Origin("bench.growth", 0, done + i),
                            times == Times.ARRIVAL ? arrived : randomMoment(random),
                            random));
                }
                writer.write(Merge.feedback(batch), List.of());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A score of 0 to 5 for {@code key}, given at a random moment of 30 days: item {@code index} of {@code event}. */
    static FeedbackWrite randomRating(RegisterKey key, UUID event, int index, Origin origin, SplittableRandom random) {
        return rating(key, event, index, origin, randomMoment(random), random);
    }

    private static Instant randomMoment(SplittableRandom random) {
        return BASE.plusSeconds(random.nextInt(30 * 86_400));
    }

    private static FeedbackWrite rating(
            RegisterKey key, UUID event, int index, Origin origin, Instant at, SplittableRandom random) {
        double value = random.nextInt(6);
        return new FeedbackWrite(
                key,
                new Version(at, event, index),
                origin,
                null,
                value,
                null,
                null,
                Double.toString(value),
                null,
                null,
                at);
    }

    private static long timed(Runnable work) {
        long began = System.nanoTime();
        work.run();
        return System.nanoTime() - began;
    }

    static void recreateTables(DataSource owner) throws SQLException {
        dropTables(owner);
        try (Connection connection = owner.getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE " + TABLES.feedback() + " (LIKE completion_feedback INCLUDING ALL)");
        }
    }

    static void dropTables(DataSource owner) throws SQLException {
        try (Connection connection = owner.getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute("DROP TABLE IF EXISTS " + TABLES.feedback());
        }
    }

    /**
     * Bytes from the WAL's insert position (exact at once); full-page images from {@code pg_stat_wal}, which backends
     * report within seconds, so a segment's count can include a few seconds of the previous one.
     */
    private static Wal wal(DataSource owner) throws SQLException {
        try (Connection connection = owner.getConnection();
                Statement sql = connection.createStatement();
                ResultSet wal = sql.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::int8,"
                        + " wal_fpi FROM pg_stat_wal")) {
            wal.next();
            return new Wal(wal.getLong(1), wal.getLong(2));
        }
    }

    private static long tableBytes(DataSource owner) throws SQLException {
        try (Connection connection = owner.getConnection();
                Statement sql = connection.createStatement();
                ResultSet size = sql.executeQuery("SELECT pg_total_relation_size('" + TABLES.feedback() + "')")) {
            size.next();
            return size.getLong(1);
        }
    }
}
