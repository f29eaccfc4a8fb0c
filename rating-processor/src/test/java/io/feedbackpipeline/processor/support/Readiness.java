package io.feedbackpipeline.processor.support;

import com.jayway.jsonpath.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

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
    public String awaitStallReason() {
        HttpResponse<String> readiness = Awaitility.await()
                .alias("readiness reports the stall")
                .atMost(Duration.ofSeconds(45))
                .until(
                        this::get,
                        answer -> answer.statusCode() == 503 && answer.body().contains("\"stalls\""));
        List<String> reasons = JsonPath.read(readiness.body(), "$.components.projection.details.stalls[*].reason");
        return reasons.get(0);
    }
}
