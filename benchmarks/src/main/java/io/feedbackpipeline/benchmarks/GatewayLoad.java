package io.feedbackpipeline.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sends Paradigm rating calls ({@code POST /api/v2/rate/1/{completion}}, JSON) to a running gateway from a number
 * of concurrent clients and prints latency percentiles and requests per second. Every request must answer 200
 * (broker acked), otherwise the run fails. Bounded in count; only talks to the URL of the local stack.
 */
@Command(name = "gateway-load", mixinStandardHelpOptions = true,
        description = "Latency and throughput of one Paradigm rating call against the local stack.")
final class GatewayLoad implements Callable<Integer> {

    @Option(names = "--stack-env", defaultValue = ".local/stack.env", description = "stack.env of the local stack")
    Path stackEnv;

    @Option(names = "--requests", defaultValue = "5000", description = "measured requests")
    int requests;

    @Option(names = "--warmup", defaultValue = "2000", description = "requests sent first and not measured")
    int warmup;

    @Option(names = "--concurrency", defaultValue = "1", description = "concurrent clients")
    int concurrency;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = StackEnv.read(stackEnv);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
        String base = env.get("GATEWAY_URL") + "/api/v2/rate/1/load-";
        String key = env.get("API_KEY");

        run(client, base, key, warmup, new Histogram(3));
        Histogram latency = new Histogram(60_000_000_000L, 3);
        long began = System.nanoTime();
        run(client, base, key, requests, latency);
        double seconds = (System.nanoTime() - began) / 1e9;

        System.out.printf("gateway-load: %d requests, concurrency %d, %.0f requests/s%n", requests, concurrency,
                requests / seconds);
        System.out.printf("  latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                ms(latency.getValueAtPercentile(50)), ms(latency.getValueAtPercentile(90)),
                ms(latency.getValueAtPercentile(99)), ms(latency.getValueAtPercentile(99.9)),
                ms(latency.getMaxValue()));
        return 0;
    }

    private void run(HttpClient client, String base, String key, int count, Histogram into) throws Exception {
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<Histogram>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                Histogram own = new Histogram(60_000_000_000L, 3);
                for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + (i % 10_000)))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"flag\": " + (i % 2 == 0) + "}"))
                            .build();
                    long start = System.nanoTime();
                    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                    own.recordValue(System.nanoTime() - start);
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("request " + i + " answered " + response.statusCode());
                    }
                }
                return own;
            }));
        }
        for (Future<Histogram> worker : workers) {
            into.add(worker.get());
        }
        pool.shutdown();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
