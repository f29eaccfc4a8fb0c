package io.feedbackpipeline.benchmarks.load;

import io.feedbackpipeline.localstack.kafka.ConsumerGroupProgress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Baseplate's batch form at 100 ratings a request, from a few clients at once ({@code Prefer: respond-async}),
 * measured end to end: from the first request to the processor having committed everything, in items per second.
 */
public final class BaseplateBatches {

    /** End-to-end items per second, and the rate at which the gateway acknowledged them. */
    public record Outcome(double itemsPerSecond, double acknowledgedItemsPerSecond, long failed) {}

    private BaseplateBatches() {}

    public static Outcome run(
            String gatewayUrl, String apiKey, UUID endpoint, String bootstrapServers, int requests, int clients)
            throws Exception {
        String run = "bp-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long began = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                for (int n = next.getAndIncrement(); n < requests; n = next.getAndIncrement()) {
                    StringBuilder body = new StringBuilder("{\"logs\": [");
                    for (int i = 0; i < 100; i++) {
                        body.append(i == 0 ? "" : ", ")
                                .append("{\"usage_id\": \"")
                                .append(run)
                                .append(n)
                                .append('-')
                                .append(i)
                                .append("\", \"positive_rating\": ")
                                .append(i % 2 == 0)
                                .append('}');
                    }
                    HttpRequest request = HttpRequest.newBuilder(
                                    URI.create(gatewayUrl + "/endpoints/" + endpoint + "/logs"))
                            .method("PATCH", HttpRequest.BodyPublishers.ofString(body + "]}"))
                            .header("Authorization", "Bearer " + apiKey)
                            .header("Content-Type", "application/json")
                            .header("Prefer", "respond-async")
                            .timeout(Duration.ofSeconds(30))
                            .build();
                    if (http.send(request, HttpResponse.BodyHandlers.discarding())
                                            .statusCode()
                                    / 100
                            != 2) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double acknowledged = requests * 100.0 / ((System.nanoTime() - began) / 1e9);
        ConsumerGroupProgress.awaitCaughtUp(
                bootstrapServers, ConsumerGroupProgress.PROCESSOR_GROUP, Duration.ofMinutes(10));
        pool.shutdown();
        return new Outcome(requests * 100.0 / ((System.nanoTime() - began) / 1e9), acknowledged, failed.get());
    }
}
