package io.feedbackpipeline.benchmarks.analytics;

import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.projection.store.RollupRefresh;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * One hour holding many registers (the current hour under heavy ingestion, or an old one a backlog replays into),
 * its rollup recomputed in one transaction and in slices: how long each takes, and the longest transaction of the
 * sliced one, which is how long it holds the tables and a snapshot at most. The rows live in tables of their own,
 * made like the live ones, so the processor's refresher cannot take the marks first.
 */
public final class BusyHour implements AutoCloseable {

    /** How one refresh of the hour went. */
    public record Timing(double seconds, double longestTransactionSeconds, int slices) {}

    private static final ProjectionTables TABLES =
            new ProjectionTables("bench_busy_feedback", "bench_busy_log", "bench_busy_rollup", "bench_busy_dirty");

    private final DataSource owner;
    private final UUID project = UUID.randomUUID();
    private final Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);

    private BusyHour(DataSource owner) {
        this.owner = owner;
    }

    /** {@code registers} registers (half thumbs, half stars, a log per usage) spread over one hour. */
    public static BusyHour load(DataSource owner, int registers) throws SQLException {
        BusyHour busy = new BusyHour(owner);
        busy.create(registers);
        return busy;
    }

    private void create(int registers) throws SQLException {
        int usages = registers / 2;
        try (Connection c = owner.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = off");
            s.execute("DROP TABLE IF EXISTS " + String.join(", ", TABLES.all()));
            List<String> live = ProjectionTables.LIVE.all();
            for (int i = 0; i < live.size(); i++) {
                s.execute("CREATE TABLE %s (LIKE %s INCLUDING ALL)"
                        .formatted(TABLES.all().get(i), live.get(i)));
            }
            try (PreparedStatement logs = c.prepareStatement(TABLES.apply("""
                    INSERT INTO {log} (project_id, usage_id, created_at, model, template_id, log_emitted_at,
                                       log_event_id)
                    SELECT ?, 'b-' || n, t, 'model-' || (n * 7 % 5), 'template-' || (n % 4), t, gen_random_uuid()
                      FROM (SELECT n, ?::timestamptz + (n * 3599.0 / ?) * interval '1 second' AS t
                              FROM generate_series(1, ?) n) g"""))) {
                logs.setObject(1, project);
                logs.setTimestamp(2, Timestamp.from(hour));
                logs.setInt(3, usages);
                logs.setInt(4, usages);
                logs.executeUpdate();
            }
            try (PreparedStatement feedback = c.prepareStatement(TABLES.apply("""
                    INSERT INTO {feedback} (project_id, usage_id, feedback_type_id, flag, value, tag, occurred_at,
                                            event_id, item_index, received_at, source_topic, source_partition,
                                            source_offset)
                    SELECT l.project_id, l.usage_id, t.type,
                           CASE WHEN t.type = 1 THEN random() < 0.7 END,
                           CASE WHEN t.type <> 1 THEN 1 + floor(random() * 5) END,
                           CASE WHEN random() < 0.1 THEN (ARRAY['slow', 'wrong-facts', 'helpful'])[1 + n % 3] END,
                           l.created_at, gen_random_uuid(), 0, l.created_at, 'feedback.v1', 0, n
                      FROM generate_series(1, ?) n
                      JOIN {log} l ON l.project_id = ? AND l.usage_id = 'b-' || n
                     CROSS JOIN (VALUES (1), (2)) t(type)"""))) {
                feedback.setInt(1, usages);
                feedback.setObject(2, project);
                feedback.executeUpdate();
            }
            s.execute(TABLES.apply("ANALYZE {feedback}, {log}"));
        }
    }

    /** Marks the hour and recomputes it, in slices of {@code sliceRows} ({@link Long#MAX_VALUE}: one transaction). */
    public Timing refresh(long sliceRows) throws SQLException {
        try (Connection c = owner.getConnection();
                PreparedStatement mark =
                        c.prepareStatement(TABLES.apply("INSERT INTO {dirty} (project_id, hour) VALUES (?, ?)"))) {
            mark.setObject(1, project);
            mark.setTimestamp(2, Timestamp.from(hour));
            mark.executeUpdate();
        }
        AtomicLong last = new AtomicLong(System.nanoTime());
        AtomicLong longest = new AtomicLong();
        AtomicLong slices = new AtomicLong();
        long began = last.get();
        // Between two slices' commits lies one slice's transaction (the first interval also holds the claim and
        // the planning; the tail, the summing transaction): an upper bound of each.
        RollupRefresh refresh = new RollupRefresh(owner, TABLES, sliceRows, () -> {
            long now = System.nanoTime();
            longest.accumulateAndGet(now - last.getAndSet(now), Math::max);
            slices.incrementAndGet();
        });
        refresh.refreshAll(10_000);
        long ended = System.nanoTime();
        longest.accumulateAndGet(ended - last.get(), Math::max);
        return new Timing((ended - began) / 1e9, longest.get() / 1e9, (int) slices.get());
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = owner.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + String.join(", ", TABLES.all()));
        }
    }
}
