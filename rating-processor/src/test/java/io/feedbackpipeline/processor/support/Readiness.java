package io.feedbackpipeline.processor.support;

import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** The processor's readiness endpoint, as an orchestrator reads it. */
public final class Readiness {

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI uri;

    public Readiness(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
    }

    public HttpResponse<String> get() throws Exception {
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until readiness reports a stalled projection, and returns the first stall's reason. */
    public String awaitStallReason() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> readiness = get();
            if (readiness.statusCode() == 503 && readiness.body().contains("\"stalls\"")) {
                List<String> reasons =
                        JsonPath.read(readiness.body(), "$.components.projection.details.stalls[*].reason");
                return reasons.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("readiness did not report the stall: " + get().body());
    }
}
