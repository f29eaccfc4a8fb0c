package io.feedbackpipeline.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop HTTP load at a fixed number of connections: wrk when it is installed (it costs far less CPU than any
 * JVM client, which matters on a 2-core machine), else a JDK HttpClient loop. The same tool measures a route and its
 * reference in one run, so their ratio is fair either way.
 */
public final class HttpLoad {

    /** A request: method, path ({@code %d} is replaced by a counter), headers, body. */
    public record Target(String method, String pathPattern, Map<String, String> headers, String body) {}

    private final String baseUrl;
    private final Path workDirectory;

    public HttpLoad(String baseUrl, Path workDirectory) {
        this.baseUrl = baseUrl;
        this.workDirectory = workDirectory;
    }

    public static boolean wrkInstalled() {
        try {
            return new ProcessBuilder("wrk", "--version")
                            .redirectErrorStream(true)
                            .start()
                            .waitFor()
                    <= 1;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public LoadResult run(Target target, int connections, Duration duration) throws Exception {
        return wrkInstalled() ? wrk(target, connections, duration) : jdk(target, connections, duration);
    }

    private LoadResult wrk(Target target, int connections, Duration duration) throws Exception {
        Path script = workDirectory.resolve("wrk-" + System.nanoTime() + ".lua");
        StringBuilder lua = new StringBuilder("counter = 0\n");
        lua.append("wrk.method = \"").append(target.method()).append("\"\n");
        if (target.body() != null) {
            lua.append("wrk.body = [[").append(target.body()).append("]]\n");
        }
        target.headers()
                .forEach((name, value) -> lua.append("wrk.headers[\"")
                        .append(name)
                        .append("\"] = \"")
                        .append(value)
                        .append("\"\n"));
        lua.append("request = function()\n  counter = counter + 1\n  return wrk.format(nil, string.format(\"")
                .append(target.pathPattern())
                .append("\", counter % 100000))\nend\n");
        Files.writeString(script, lua);
        Process wrk = new ProcessBuilder(
                        "wrk",
                        "-t",
                        "2",
                        "-c",
                        Integer.toString(connections),
                        "-d",
                        duration.toSeconds() + "s",
                        "--latency",
                        "-s",
                        script.toString(),
                        baseUrl)
                .redirectErrorStream(true)
                .start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!wrk.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
            throw new IllegalStateException("wrk failed:\n" + output);
        }
        return new LoadResult(
                "wrk",
                number(output, "Requests/sec:\\s+([0-9.]+)"),
                percentile(output, "50%"),
                percentile(output, "99%"),
                Double.NaN,
                (long) number(output, "Non-2xx or 3xx responses:\\s+([0-9]+)", 0)
                        + (long) number(output, "Socket errors:.*?timeout ([0-9]+)", 0));
    }

    /** The JDK client loop, also what runs where wrk is not installed. */
    LoadResult jdk(Target target, int connections, Duration duration) throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        ExecutorService threads = Executors.newFixedThreadPool(connections);
        AtomicLong counter = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        List<Future<Histogram>> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            workers.add(threads.submit(() -> {
                Histogram latency = new Histogram(60_000_000_000L, 3);
                while (System.nanoTime() < end) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
                                    baseUrl + target.pathPattern().formatted(counter.incrementAndGet() % 100_000)))
                            .timeout(Duration.ofSeconds(30))
                            .method(
                                    target.method(),
                                    target.body() == null
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(target.body()));
                    target.headers().forEach(request::header);
                    long began = System.nanoTime();
                    try {
                        HttpResponse<Void> response =
                                client.send(request.build(), HttpResponse.BodyHandlers.discarding());
                        latency.recordValue(System.nanoTime() - began);
                        if (response.statusCode() / 100 != 2) {
                            failed.incrementAndGet();
                        }
                    } catch (IOException connectionLost) {
                        // A gateway shedding load closes connections; the JDK client does not retry a POST on a
                        // connection closed under it. One failed request, not a failed run.
                        failed.incrementAndGet();
                    }
                }
                return latency;
            }));
        }
        Histogram all = new Histogram(60_000_000_000L, 3);
        for (Future<Histogram> worker : workers) {
            all.add(worker.get());
        }
        threads.shutdown();
        return new LoadResult(
                "jdk-httpclient",
                all.getTotalCount() / (double) duration.toSeconds(),
                all.getValueAtPercentile(50) / 1e6,
                all.getValueAtPercentile(99) / 1e6,
                all.getValueAtPercentile(99.9) / 1e6,
                failed.get());
    }

    private static double number(String output, String pattern) {
        Matcher found = Pattern.compile(pattern).matcher(output);
        if (!found.find()) {
            throw new IllegalStateException("wrk printed no " + pattern + ":\n" + output);
        }
        return Double.parseDouble(found.group(1));
    }

    private static double number(String output, String pattern, double absent) {
        Matcher found = Pattern.compile(pattern).matcher(output);
        return found.find() ? Double.parseDouble(found.group(1)) : absent;
    }

    /** wrk's latency distribution line, e.g. {@code 99%   12.34ms}, in ms. */
    private static double percentile(String output, String label) {
        Matcher found =
                Pattern.compile(Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s)").matcher(output);
        if (!found.find()) {
            throw new IllegalStateException("wrk printed no " + label + " latency:\n" + output);
        }
        double value = Double.parseDouble(found.group(1));
        return switch (found.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }
}
