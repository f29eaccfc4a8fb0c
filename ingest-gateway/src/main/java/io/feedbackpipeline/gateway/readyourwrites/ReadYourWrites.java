package io.feedbackpipeline.gateway.readyourwrites;

import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.gateway.completionlog.CompletionLogReader;
import io.feedbackpipeline.gateway.completionlog.CompletionLogView;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Read-your-writes for Baseplate ratings without a thread or a poll per request. A request registers what it
 * wrote before it publishes; the processor NOTIFYs {@code feedback_projected} in every transaction that changed
 * feedback, delivered at commit; one listener connection wakes on it and checks all waiting requests with one query,
 * then reads the logs of those now visible with one more. A request whose writes are not visible in time is answered
 * 202; so is one that finds the waiting room full. Database load is bounded by the commit rate, not the request rate.
 *
 * <p>A request waits for one register only, the one its answer shows: every item of a request is one record, which
 * the processor writes in one transaction, so when its last item is visible, all are. The register is visible when
 * it holds a version at least as great as the item's (an even later write also counts: ours was applied, then
 * superseded). A waiter is thus a few hundred bytes whatever the request's size.
 */
@Component
public class ReadYourWrites implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReadYourWrites.class);
    private static final Duration LISTEN_TIMEOUT = Duration.ofMillis(500);
    private static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    /** The version one item wrote into its register: what a request waits to see. */
    public record Awaited(String usageId, int feedbackTypeId, Instant occurredAt, UUID eventId, int itemIndex) {}

    /** A waiting request: the register it waits for, whose log it answers with. */
    private record Waiter(
            long id, UUID project, Awaited awaited, CompletableFuture<Optional<CompletionLogView>> answer) {}

    private static final String VISIBLE = ProjectionTables.LIVE
            .apply("""
            SELECT w.waiter
              FROM unnest(?::bigint[], ?::uuid[], ?::text[], ?::int[], ?::timestamptz[], ?::uuid[], ?::int[])
                   AS w(waiter, project_id, usage_id, feedback_type_id, occurred_at, event_id, item_index)
              JOIN {feedback} f
                ON f.project_id = w.project_id AND f.usage_id = w.usage_id
               AND f.feedback_type_id = w.feedback_type_id AND {stored} >= {written}""")
            .replace("{stored}", ProjectionTables.feedbackVersion("f"))
            .replace("{written}", ProjectionTables.feedbackVersion("w"));

    private final DataSourceProperties database;
    private final CompletionLogReader logs;
    private final Duration timeout;
    private final int maxWaiters;
    private final Map<Long, Waiter> waiting = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** Made at each start, as a lifecycle may be stopped and started again (paused test contexts are). */
    private volatile ScheduledExecutorService timeouts;

    private volatile boolean running;
    private Thread listener;

    ReadYourWrites(
            DataSourceProperties database,
            CompletionLogReader logs,
            ReadYourWritesProperties properties,
            MeterRegistry meters) {
        this.database = database;
        this.logs = logs;
        this.timeout = properties.timeout();
        this.maxWaiters = properties.maxWaiters();
        meters.gauge("feedback.read.your.writes.waiting", waiting, Map::size);
    }

    /**
     * Waits for {@code awaited} of {@code project} to be projected, and answers with its log as it then stands (empty
     * when not visible in time). Register before publishing, so no commit can be missed. Empty when too many
     * requests wait already: the caller answers without waiting.
     */
    public Optional<CompletableFuture<Optional<CompletionLogView>>> register(UUID project, Awaited awaited) {
        ScheduledExecutorService scheduler = timeouts;
        if (!running || scheduler == null || waiting.size() >= maxWaiters) {
            return Optional.empty();
        }
        Waiter waiter = new Waiter(ids.incrementAndGet(), project, awaited, new CompletableFuture<>());
        waiting.put(waiter.id(), waiter);
        waiter.answer().whenComplete((answer, failure) -> waiting.remove(waiter.id()));
        try {
            scheduler.schedule(() -> settle(waiter.id(), Optional.empty()), timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stoppedMeanwhile) {
            settle(waiter.id(), Optional.empty());
        }
        return Optional.of(waiter.answer());
    }

    private void settle(long id, Optional<CompletionLogView> answer) {
        Waiter waiter = waiting.remove(id);
        if (waiter != null) {
            waiter.answer().complete(answer);
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = DriverManager.getConnection(
                    database.determineUrl(), database.determineUsername(), database.determinePassword())) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + ProjectionTables.PROJECTED_CHANNEL);
                }
                PGConnection notifications = connection.unwrap(PGConnection.class);
                checkWaiting(connection); // commits while (re)connecting were not heard
                while (running) {
                    PGNotification[] heard = notifications.getNotifications((int) LISTEN_TIMEOUT.toMillis());
                    if (heard != null && heard.length > 0) {
                        checkWaiting(connection);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn(
                            "Read-your-writes listener failed ({}); Baseplate ratings answer 202 until it is back",
                            e.toString());
                    sleep(RECONNECT_DELAY);
                }
            }
        }
    }

    /** One query for all waiting requests, then one read of the logs of those whose writes are visible. */
    private void checkWaiting(Connection connection) throws SQLException {
        List<Waiter> snapshot = List.copyOf(waiting.values());
        if (snapshot.isEmpty()) {
            return;
        }
        List<Long> waiterOfRow = snapshot.stream().map(Waiter::id).toList();
        List<UUID> projects = snapshot.stream().map(Waiter::project).toList();
        List<Awaited> rows = snapshot.stream().map(Waiter::awaited).toList();
        Set<Long> visible = new HashSet<>();
        try (PreparedStatement query = connection.prepareStatement(VISIBLE)) {
            query.setArray(1, array(connection, "int8", waiterOfRow));
            query.setArray(2, array(connection, "uuid", projects));
            query.setArray(
                    3,
                    array(
                            connection,
                            "text",
                            rows.stream().map(Awaited::usageId).toList()));
            query.setArray(
                    4,
                    array(
                            connection,
                            "int4",
                            rows.stream().map(Awaited::feedbackTypeId).toList()));
            query.setArray(
                    5,
                    array(
                            connection,
                            "text",
                            rows.stream().map(w -> w.occurredAt().toString()).toList()));
            query.setArray(
                    6,
                    array(
                            connection,
                            "uuid",
                            rows.stream().map(Awaited::eventId).toList()));
            query.setArray(
                    7,
                    array(
                            connection,
                            "int4",
                            rows.stream().map(Awaited::itemIndex).toList()));
            try (ResultSet found = query.executeQuery()) {
                while (found.next()) {
                    visible.add(found.getLong(1));
                }
            }
        }
        if (visible.isEmpty()) {
            return;
        }
        Map<UUID, List<Waiter>> byProject =
                snapshot.stream().filter(w -> visible.contains(w.id())).collect(Collectors.groupingBy(Waiter::project));
        byProject.forEach((project, waiters) -> {
            Map<String, CompletionLogView> found = logs.ratedLogs(
                    project,
                    waiters.stream().map(w -> w.awaited().usageId()).distinct().toList());
            waiters.forEach(w ->
                    settle(w.id(), Optional.ofNullable(found.get(w.awaited().usageId()))));
        });
    }

    private static Array array(Connection connection, String type, List<?> values) throws SQLException {
        return connection.createArrayOf(type, values.toArray());
    }

    @Override
    public void start() {
        timeouts = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, "projection-wait-timeouts"));
        running = true;
        listener = daemon(this::listen, "projection-listener");
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        if (timeouts != null) {
            timeouts.shutdownNow();
        }
        if (listener != null) {
            listener.interrupt();
        }
        waiting.values().forEach(waiter -> waiter.answer().complete(Optional.empty()));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
