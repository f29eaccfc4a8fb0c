package io.feedbackpipeline.systemtests.faults;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * How long acknowledged requests waited to become visible in the tables: every 250 ms one query checks all that are
 * still pending. The longest wait of a scenario is its longest pause in projection (to within the sampling period).
 */
final class VisibilityProbe implements AutoCloseable {

    private static final Duration PERIOD = Duration.ofMillis(250);

    private record Pending(Ledger.Key key, Ledger.Request request) {}

    private final DataSource dataSource;
    private final UUID project;
    private final ConcurrentLinkedQueue<Pending> arrivals = new ConcurrentLinkedQueue<>();
    private final List<Pending> pending = new ArrayList<>();
    private final AtomicLong longestMillis = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread sampler;

    VisibilityProbe(DataSource dataSource, UUID project) {
        this.dataSource = dataSource;
        this.project = project;
        this.sampler = new Thread(this::sample, "visibility-probe");
        sampler.setDaemon(true);
        sampler.start();
    }

    void acknowledged(Ledger.Key key, Ledger.Request request) {
        arrivals.add(new Pending(key, request));
    }

    long longestMillis() {
        return longestMillis.get();
    }

    private void sample() {
        while (running.get() || !arrivals.isEmpty() || !pending.isEmpty()) {
            for (Pending arrival; (arrival = arrivals.poll()) != null; ) {
                pending.add(arrival);
            }
            if (!pending.isEmpty()) {
                try {
                    checkPending();
                } catch (Exception e) {
                    // the database is down in this scenario: keep waiting, the pause keeps growing
                }
            }
            if (!running.get() && arrivals.isEmpty()) {
                return; // the scenario ends; what is still pending the ledger check will count
            }
            sleepPeriod();
        }
    }

    private void checkPending() throws Exception {
        record Stored(Double value, String eventId) {}
        Map<String, Stored> stored = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        SELECT f.usage_id, f.value, f.event_id::text
                          FROM unnest(?::text[], ?::int[]) AS k(usage_id, feedback_type_id)
                          JOIN completion_feedback f ON f.project_id = ? AND f.usage_id = k.usage_id
                           AND f.feedback_type_id = k.feedback_type_id""")) {
            Array usageIds = connection.createArrayOf(
                    "text", pending.stream().map(p -> p.key().usageId).toArray());
            Array types = connection.createArrayOf(
                    "int4", pending.stream().map(p -> p.key().feedbackTypeId).toArray());
            query.setArray(1, usageIds);
            query.setArray(2, types);
            query.setObject(3, project);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getString(1), new Stored(rows.getObject(2, Double.class), rows.getString(3)));
                }
            }
        }
        Instant now = Instant.now();
        pending.removeIf(p -> {
            Stored row = stored.get(p.key().usageId);
            if (row == null
                    || p.key().positionOf(row.value(), row.eventId())
                            < p.request().sequence()) {
                return false;
            }
            longestMillis.accumulateAndGet(
                    Duration.between(p.request().settledAt(), now).toMillis(), Math::max);
            return true;
        });
    }

    private void sleepPeriod() {
        try {
            Thread.sleep(PERIOD.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops after a last check; {@link #longestMillis()} is final then. */
    @Override
    public void close() {
        running.set(false);
        try {
            sampler.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
