package io.feedbackpipeline.benchmarks.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Strangers trying keys: threads sending Paradigm rate calls, each with a new random key in the shape of a real one
 * (half with a random checksum, half in the pre-checksum shape), until stopped. Counts how they were answered.
 */
public final class StrangerLoad implements AutoCloseable {

    /** How the strangers were answered. */
    public record Outcome(long requests, long unauthorized, long throttled, long other) {}

    private final SecureRandom random = new SecureRandom();
    private final ExecutorService threads;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong other = new AtomicLong();

    private StrangerLoad(int count) {
        threads = Executors.newFixedThreadPool(count);
    }

    public static StrangerLoad start(String baseUrl, String path, int count) {
        StrangerLoad load = new StrangerLoad(count);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        for (int thread = 0; thread < count; thread++) {
            load.threads.submit(() -> load.knock(client, URI.create(baseUrl + path)));
        }
        return load;
    }

    private void knock(HttpClient client, URI uri) {
        long attempt = 0;
        while (running.get()) {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + randomKey(attempt++ % 2 == 0))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"flag\": true}"))
                    .build();
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                (status == 401 ? unauthorized : status == 429 ? throttled : other).incrementAndGet();
            } catch (Exception e) {
                other.incrementAndGet();
            }
        }
    }

    private String randomKey(boolean checksummedShape) {
        byte[] bits = new byte[32];
        random.nextBytes(bits);
        String key = "fpk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        if (!checksummedShape) {
            return key;
        }
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        List<Character> checksum = new ArrayList<>();
        for (int index = 0; index < 6; index++) {
            checksum.add(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        StringBuilder out = new StringBuilder(key);
        checksum.forEach(out::append);
        return out.toString();
    }

    /** Stops the strangers and says how they were answered. */
    public Outcome stop() throws InterruptedException {
        running.set(false);
        threads.shutdown();
        threads.awaitTermination(30, TimeUnit.SECONDS);
        long total = unauthorized.get() + throttled.get() + other.get();
        return new Outcome(total, unauthorized.get(), throttled.get(), other.get());
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
