package io.feedbackpipeline.benchmarks.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;

/**
 * Visibility under an open-loop offered load: requests leave on a fixed schedule whatever the answers do (so a stall
 * cannot slow the load down and hide itself: no coordinated omission), Paradigm and Baseplate alternating, each on a
 * usage_id of its own; a watcher reads the tables every 10 ms. Latency runs from a request's intended send time to
 * the moment its row is readable, and, separately, from its 2xx to that moment.
 *
 * <p>The client follows wrk2's model: a fixed pool of keep-alive connections ({@value #CONNECTIONS}, Jetty's
 * {@code HttpClient}); a request due while every connection is busy waits in the client's queue, and that wait counts,
 * since latency runs from the intended send time. The JDK's {@code HttpClient} cost 0.4-1.4 ms of CPU per request here
 * (up to as much as the whole pipeline's work for it) and, on 2 shared cores, lost most of a 1,000 req/s run.
 */
public final class OpenLoopVisibility {

    /**
     * Percentiles in ms, and requests that were not acknowledged or never became visible; of those not acknowledged,
     * how many the gateway shed (503).
     */
    public record Outcome(
            int offeredPerSecond,
            long sent,
            double p50,
            double p99,
            double p999,
            double ackP50,
            double ackP99,
            long notAcknowledged,
            long notVisible,
            long shed) {}

    private record Pending(long intendedNanos, long ackNanos, int type) {}

    private final String gatewayUrl;
    private final String apiKey;
    private final UUID endpoint;
    private final int numericType;
    private final DataSource database;
    private final UUID project;

    /** Far above what 1,000 req/s keeps in flight when the pipeline keeps up (~10-50), so a queue means a stall. */
    static final int CONNECTIONS = 128;

    public OpenLoopVisibility(
            String gatewayUrl, String apiKey, UUID endpoint, int numericType, DataSource database, UUID project) {
        this.gatewayUrl = gatewayUrl;
        this.apiKey = apiKey;
        this.endpoint = endpoint;
        this.numericType = numericType;
        this.database = database;
        this.project = project;
    }

    public Outcome run(int perSecond, Duration duration) throws Exception {
        String run = "vis-" + perSecond + "-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        Map<String, Pending> acknowledged = new ConcurrentHashMap<>();
        Histogram fromSend = new Histogram(60_000_000_000L, 3);
        Histogram fromAck = new Histogram(60_000_000_000L, 3);
        AtomicLong notAcknowledged = new AtomicLong();
        AtomicLong shed = new AtomicLong();
        long period = 1_000_000_000L / perSecond;
        long count = perSecond * duration.toSeconds();
        CountDownLatch answered = new CountDownLatch(Math.toIntExact(count));
        HttpClient http = new HttpClient();
        http.setMaxConnectionsPerDestination(CONNECTIONS);
        http.setMaxRequestsQueuedPerDestination(Math.toIntExact(count));
        http.setConnectTimeout(5_000);
        http.setFollowRedirects(false);
        http.start();
        long start = System.nanoTime() + 100_000_000L;
        Thread watcher = new Thread(() -> watch(run, acknowledged, fromSend, fromAck), "visibility-watcher");
        watcher.setDaemon(true);
        watcher.start();
        for (long n = 0; n < count; n++) {
            long intended = start + n * period;
            LockSupport.parkNanos(intended - System.nanoTime());
            String usageId = run + n;
            boolean baseplate = n % 2 == 1;
            Request request = (baseplate
                            ? http.newRequest(gatewayUrl + "/endpoints/" + endpoint + "/logs")
                                    .method(HttpMethod.PATCH)
                                    .headers(headers -> headers.put("Prefer", "respond-async"))
                                    .body(new StringRequestContent(
                                            "application/json",
                                            "{\"usage_id\": \"" + usageId + "\", \"positive_rating\": true}"))
                            : http.newRequest(gatewayUrl + "/api/v2/rate/" + numericType + "/" + usageId)
                                    .method(HttpMethod.POST)
                                    .body(new StringRequestContent("application/json", "{\"value\": 1}")))
                    .headers(headers -> headers.put(HttpHeader.AUTHORIZATION, "Bearer " + apiKey))
                    .timeout(30, TimeUnit.SECONDS);
            request.send(result -> {
                int status = result.isFailed() ? 0 : result.getResponse().getStatus();
                if (status == 503) {
                    shed.incrementAndGet();
                }
                if (status / 100 == 2) {
                    acknowledged.put(usageId, new Pending(intended, System.nanoTime(), baseplate ? 1 : numericType));
                } else {
                    notAcknowledged.incrementAndGet();
                }
                answered.countDown();
            });
        }
        // Every request ends within its 30 s timeout, queued or not; the bound only keeps a bug from hanging the run.
        boolean allAnswered = answered.await(duration.toSeconds() + 60, TimeUnit.SECONDS);
        http.stop();
        if (!allAnswered) {
            throw new IllegalStateException(answered.getCount() + " requests neither answered nor timed out");
        }
        long settle = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!acknowledged.isEmpty() && System.nanoTime() < settle) {
            Thread.sleep(50);
        }
        watcher.interrupt();
        watcher.join();
        return new Outcome(
                perSecond,
                count,
                fromSend.getValueAtPercentile(50) / 1e6,
                fromSend.getValueAtPercentile(99) / 1e6,
                fromSend.getValueAtPercentile(99.9) / 1e6,
                fromAck.getValueAtPercentile(50) / 1e6,
                fromAck.getValueAtPercentile(99) / 1e6,
                notAcknowledged.get(),
                acknowledged.size(),
                shed.get());
    }

    private void watch(String run, Map<String, Pending> acknowledged, Histogram fromSend, Histogram fromAck) {
        try (Connection connection = database.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT usage_id FROM completion_feedback" + " WHERE project_id = ? AND usage_id = ANY(?)")) {
            while (!Thread.currentThread().isInterrupted()) {
                List<String> waiting = List.copyOf(acknowledged.keySet());
                if (!waiting.isEmpty()) {
                    query.setObject(1, project);
                    query.setArray(2, connection.createArrayOf("text", waiting.toArray()));
                    try (ResultSet rows = query.executeQuery()) {
                        long now = System.nanoTime();
                        while (rows.next()) {
                            Pending seen = acknowledged.remove(rows.getString(1));
                            if (seen != null) {
                                fromSend.recordValue(Math.max(0, now - seen.intendedNanos()));
                                fromAck.recordValue(Math.max(0, now - seen.ackNanos()));
                            }
                        }
                    }
                }
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("the visibility watcher failed", e);
        }
    }
}
