package io.feedbackpipeline.systemtests.faults;

import io.feedbackpipeline.localstack.junit.RawHttp;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The attack of issue 19 item 1, in a loop: clients without a key sending 60 MB bodies (declared or chunked) to the
 * schema registry's lookup, where a schema of twenty million empty arrays once took the gateway down, and to an API
 * route, beside a few small unauthenticated requests. Four clients, each at a steady rate, for a given time.
 */
final class OversizedStrangers {

    /** What the attackers got: how many requests, and their statuses by count. */
    record Outcome(int sent, Map<Integer, Integer> byStatus) {}

    private static final long SIXTY_MB = 60L * 1024 * 1024;
    private static final int CLIENTS = 4;
    private static final Duration EACH_EVERY = Duration.ofMillis(40);

    private final int port;

    OversizedStrangers(String gatewayUrl) {
        this.port = URI.create(gatewayUrl).getPort();
    }

    Outcome sendFor(Duration duration) throws Exception {
        long until = System.nanoTime() + duration.toNanos();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            int id = client;
            running.add(clients.submit(() -> {
                for (int n = 0; System.nanoTime() < until; n++) {
                    int status = switch ((n + id) % 4) {
                        case 0 ->
                            RawHttp.postOversized(
                                    port,
                                    "/schema-registry/subjects/feedback.v1-value",
                                    "application/vnd.schemaregistry.v1+json",
                                    SIXTY_MB,
                                    SIXTY_MB,
                                    false);
                        case 1 ->
                            RawHttp.postOversized(
                                    port,
                                    "/schema-registry/subjects/feedback.v1-value/versions",
                                    "application/vnd.schemaregistry.v1+json",
                                    SIXTY_MB,
                                    SIXTY_MB,
                                    true);
                        case 2 ->
                            RawHttp.postOversized(port, "/v1/feedback", "application/json", SIXTY_MB, SIXTY_MB, false);
                        default -> RawHttp.postOversized(port, "/v1/feedback", "application/json", 64, 64, false);
                    };
                    statuses.merge(status, 1, Integer::sum);
                    sent.incrementAndGet();
                    Thread.sleep(EACH_EVERY.toMillis());
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get();
        }
        clients.shutdown();
        return new Outcome(sent.get(), new TreeMap<>(statuses));
    }
}
