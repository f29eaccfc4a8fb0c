package io.feedbackpipeline.gateway.overload;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.gateway.support.Http.Response;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The gateway at its limit for real, with one write in progress allowed at once. A client that sends its headers
 * and then only part of its body holds that turn, as a slow upload does; so does a Baseplate rating waiting, without
 * a thread, for its projection. Writes beyond it wait their turn for {@code max-wait} and are then refused with
 * 503 + Retry-After, unread and unpublished; probes and reads go on answering; once the turn is given back, writes
 * are admitted again.
 */
@GatewayIT
@TestPropertySource(
        properties = {
            "pipeline.gateway.overload.max-concurrency=1",
            "pipeline.gateway.overload.backlog=4",
            "pipeline.gateway.overload.max-wait=200ms",
            "pipeline.gateway.read-your-writes.timeout=3s"
        })
@DirtiesContext
class LoadSheddingIT extends GatewayTestBase {

    @Test
    @DisplayName("at the limit: 503 overloaded after max-wait, nothing published, probes and reads unaffected")
    void shedsWritesBeyondTheLimit() throws Exception {
        assertThat(rateWithoutWaiting("before").status()).isEqualTo(202);
        String body = "{\"usage_id\": \"slow\", \"positive_rating\": true}";
        try (Socket slow = new Socket("127.0.0.1", port)) {
            OutputStream out = slow.getOutputStream();
            out.write(("PATCH " + logsPath() + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                            + tenant.apiKey() + "\r\nContent-Type: application/json\r\nPrefer: respond-async\r\n"
                            + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 10))
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // The slow write is admitted and reading its body: the one turn is taken.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> inProgress() == 1.0);

            long began = System.nanoTime();
            Response refused = rateWithoutWaiting("refused");
            long tookMillis = (System.nanoTime() - began) / 1_000_000;

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(JsonPath.<String>read(refused.body(), "$.type")).endsWith(":overloaded");
            assertThat(JsonPath.<String>read(refused.body(), "$.detail")).contains("nothing was published");
            assertThat(tookMillis)
                    .as("refused after waiting its turn for max-wait, in ms")
                    .isBetween(150L, 3_000L);
            assertThat(http.send(http.request("/livez").build()).status()).isEqualTo(200);
            assertThat(http.get("/v1/key", tenant.apiKey()).status())
                    .as("a read is not shed")
                    .isEqualTo(200);
            assertThat(refusedSoFar()).isGreaterThanOrEqualTo(1.0);

            out.write(body.substring(10).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(
                            new InputStreamReader(slow.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(statusLine).startsWith("HTTP/1.1 202");
        }
        assertThat(rateWithoutWaiting("after").status())
                .as("admitted again once the slow write ended")
                .isEqualTo(202);
        assertThat(ourBatchesSoFar())
                .extracting(batch -> batch.getItems().get(0).getUsageId())
                .containsExactlyInAnyOrder("before", "slow", "after");
    }

    @Test
    @DisplayName("a write waiting for its answer without a thread still holds its turn until the answer is sent")
    void holdsTheTurnWhileTheAnswerWaits() throws Exception {
        // No processor runs here: a Baseplate rating without respond-async waits the full read-your-writes timeout
        // for its projection, then is answered 202.
        long began = System.nanoTime();
        CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> http.json(
                "PATCH", logsPath(), tenant.apiKey(), "{\"usage_id\": \"waits\", \"positive_rating\": true}"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> inProgress() == 1.0);

        Response refused = rateWithoutWaiting("refused-while-waiting");
        assertThat(waiting).isNotDone();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(JsonPath.<String>read(refused.body(), "$.type")).endsWith(":overloaded");

        assertThat(waiting.get(10, TimeUnit.SECONDS).status()).isEqualTo(202);
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThan(Duration.ofMillis(2_500));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> inProgress() == 0.0);
        assertThat(rateWithoutWaiting("after-the-wait").status()).isEqualTo(202);
        assertThat(ourBatchesSoFar())
                .extracting(batch -> batch.getItems().get(0).getUsageId())
                .containsExactlyInAnyOrder("waits", "after-the-wait");
    }

    private double inProgress() {
        return gauge("gateway.overload.in.progress");
    }

    private double refusedSoFar() {
        return gauge("gateway.overload.refused");
    }

    private double gauge(String name) {
        Response metric = management.get("/actuator/metrics/" + name, null);
        return JsonPath.<Double>read(metric.body(), "$.measurements[0].value");
    }
}
