package io.feedbackpipeline.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The broker stopped for real while 200 clients rate at once: every one of them gets 503 with Retry-After (never a
 * 2xx), no request thread is held while they wait, so liveness and readiness keep answering at once, and the gateway
 * recovers by itself when the broker is back.
 */
@WithPipelineInfrastructure(dedicated = true)
@GatewayIT
@TestPropertySource(properties = "pipeline.test.servers=dedicated:BrokerOutageIT")
@DirtiesContext
class BrokerOutageIT extends GatewayTestBase {

    private static final int CLIENTS = 200;

    @Test
    @DisplayName("broker down, 200 concurrent clients: 503 + Retry-After for all, health answers within 1 s")
    void degradesInsteadOfCollapsing() throws Exception {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThat(rate(client, "before").get(10, TimeUnit.SECONDS).statusCode())
                .isEqualTo(200);
        // This class has a context of its own: its first liveness call, not the outage, would pay the warm-up.
        assertThat(client.send(http.request("/livez").build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .isEqualTo(200);

        infrastructure.kafka().stop();
        List<HttpResponse<String>> outcomes;
        List<Long> healthMillis = new ArrayList<>();
        try {
            List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                pending.add(rate(client, "during-" + i));
            }
            while (pending.stream().anyMatch(f -> !f.isDone())) {
                long began = System.nanoTime();
                HttpResponse<String> liveness =
                        client.send(http.request("/livez").build(), HttpResponse.BodyHandlers.ofString());
                healthMillis.add((System.nanoTime() - began) / 1_000_000);
                assertThat(liveness.statusCode()).isEqualTo(200);
                Thread.sleep(100);
            }
            outcomes = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> response : pending) {
                outcomes.add(response.get(30, TimeUnit.SECONDS));
            }
        } finally {
            infrastructure.kafka().start();
        }

        assertThat(outcomes).allSatisfy(response -> {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).contains("Idempotency-Key");
        });
        assertThat(healthMillis)
                .as("liveness answered during the outage, in ms")
                .isNotEmpty()
                .allSatisfy(millis -> assertThat(millis).isLessThan(1_000));

        Awaitility.await()
                .alias("recovers by itself once the broker is back")
                .atMost(Duration.ofSeconds(60))
                .until(() -> rate(client, "after").get(30, TimeUnit.SECONDS).statusCode() == 200);
        Awaitility.await()
                .alias("ready again by itself once the broker is back")
                .atMost(Duration.ofSeconds(60))
                .until(() -> client.send(http.request("/readyz").build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
    }

    private CompletableFuture<HttpResponse<String>> rate(HttpClient client, String completion) {
        HttpRequest request = http.request("/api/v2/rate/1/" + completion)
                .header("Authorization", "Bearer " + tenant.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"flag\": true}"))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
