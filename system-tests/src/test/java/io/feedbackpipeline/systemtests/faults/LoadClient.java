package io.feedbackpipeline.systemtests.faults;

import io.feedbackpipeline.systemtests.faults.Ledger.Outcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A well-behaved client under load: a few threads, each rating its own keys in turn through the three APIs
 * (Paradigm and the native batch with a NUMERIC sequence number, Baseplate with thumbs), one request per key at a
 * time. A 503 or a connection error is retried with the same Idempotency-Key and X-Request-Id, as the gateway's
 * 503 invites, until it is acknowledged or the retry window passes (then the request stays uncertain). Every
 * answer goes into the {@link Ledger}.
 */
final class LoadClient implements AutoCloseable {

    private static final Pattern EVENT_ID = Pattern.compile("\"event_id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Duration RETRY_WINDOW = Duration.ofSeconds(90);

    private final FaultCluster cluster;
    private final Ledger ledger;
    private final VisibilityProbe probe;
    private final String prefix;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> workers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /** Starts {@code threads} clients with {@code keysPerThread} keys each, sending about {@code perSecond} in all. */
    LoadClient(
            FaultCluster cluster,
            Ledger ledger,
            VisibilityProbe probe,
            String scenario,
            int threads,
            int keysPerThread,
            int perSecond) {
        this.cluster = cluster;
        this.ledger = ledger;
        this.probe = probe;
        this.prefix = scenario.toLowerCase().replaceAll("[^a-z0-9]+", "-")
                + UUID.randomUUID().toString().substring(0, 6);
        long pauseMillis = Math.max(0, 1000L * threads / perSecond);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread worker = new Thread(() -> run(thread, keysPerThread, pauseMillis), "load-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    private void run(int thread, int keysPerThread, long pauseMillis) {
        List<Ledger.Key> keys = new ArrayList<>();
        for (int k = 0; k < keysPerThread; k++) {
            boolean baseplate = k % 3 == 2;
            keys.add(
                    ledger.key(prefix + "-t" + thread + "-k" + k, baseplate ? 1 : cluster.numericTypeId(), !baseplate));
        }
        for (int round = 0; running.get(); round++) {
            Ledger.Key key = keys.get(round % keys.size());
            int sequence = key.requests().size() + 1;
            Ledger.Request request = send(key, sequence, round % keys.size() % 3);
            key.add(request);
            if (request.outcome() == Outcome.ACKNOWLEDGED) {
                probe.acknowledged(key, request);
            }
            sleep(pauseMillis);
        }
    }

    /** One logical request, retried with its Idempotency-Key until acknowledged or the window passes. */
    private Ledger.Request send(Ledger.Key key, int sequence, int api) {
        String requestId = "load-" + UUID.randomUUID();
        String idempotencyKey = UUID.randomUUID().toString();
        Instant giveUpAt = Instant.now().plus(RETRY_WINDOW);
        while (Instant.now().isBefore(giveUpAt)) {
            try {
                HttpResponse<String> response = http.send(
                        request(key, sequence, api, requestId, idempotencyKey), HttpResponse.BodyHandlers.ofString());
                Instant received = Instant.now();
                ledger.answered(response.statusCode(), received, key.usageId + " " + response.body());
                if (response.statusCode() / 100 == 2) {
                    Matcher eventId = EVENT_ID.matcher(response.body());
                    return new Ledger.Request(
                            requestId,
                            sequence,
                            Outcome.ACKNOWLEDGED,
                            eventId.find() ? eventId.group(1) : null,
                            received);
                }
                if (response.statusCode() != 503) {
                    break; // not something a retry fixes; counted by the ledger
                }
                sleep(Math.min(
                        1_000,
                        1_000L
                                * response.headers()
                                        .firstValueAsLong("Retry-After")
                                        .orElse(1)));
            } catch (IOException e) {
                sleep(500); // the gateway is down or restarting: retry, same key
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Ledger.Request(requestId, sequence, Outcome.UNCERTAIN, null, Instant.now());
    }

    private HttpRequest request(Ledger.Key key, int sequence, int api, String requestId, String idempotencyKey) {
        String path;
        String body;
        HttpRequest.Builder builder;
        switch (api) {
            case 0 -> {
                path = "/api/v2/rate/" + key.feedbackTypeId + "/" + key.usageId;
                body = "{\"value\": " + sequence + "}";
                builder = HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString(body));
            }
            case 1 -> {
                path = "/v1/feedback";
                body = "{\"items\": [{\"usage_id\": \"" + key.usageId + "\", \"feedback_type_id\": "
                        + key.feedbackTypeId + ", \"value\": " + sequence + "}]}";
                builder = HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString(body));
            }
            default -> {
                path = "/endpoints/" + cluster.endpointId() + "/logs";
                body = "{\"usage_id\": \"" + key.usageId + "\", \"positive_rating\": " + (sequence % 2 == 0) + "}";
                builder = HttpRequest.newBuilder()
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(body))
                        .header("Prefer", "respond-async");
            }
        }
        return builder.uri(URI.create(cluster.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + cluster.apiKey())
                .header("Content-Type", "application/json")
                .header("X-Request-Id", requestId)
                .header("Idempotency-Key", idempotencyKey)
                .build();
    }

    /** Stops sending; waits for requests in flight to be acknowledged or given up on. */
    @Override
    public void close() {
        running.set(false);
        for (Thread worker : workers) {
            try {
                worker.join(RETRY_WINDOW.plusSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
