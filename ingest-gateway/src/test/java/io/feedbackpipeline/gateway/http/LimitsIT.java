package io.feedbackpipeline.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.gateway.support.Http.Response;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

@WithPipelineInfrastructure(dedicated = true)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pipeline.gateway.rate-limit.requests-per-second=1",
            "pipeline.gateway.rate-limit.burst=3",
            "pipeline.gateway.publish.delivery-timeout=2s",
            "pipeline.gateway.publish.max-pending-bytes=" + LimitsIT.PENDING_BYTES,
            "pipeline.gateway.read-your-writes.timeout=300ms",
            GatewayIT.ROLE,
            GatewayIT.PASSWORD
        })
@TestPropertySource(properties = "pipeline.test.servers=dedicated:LimitsIT")
@DirtiesContext
class LimitsIT extends GatewayTestBase {

    private static final int ONE_MIB = 1024 * 1024;
    static final int PENDING_BYTES = 100 * 1024;

    @Test
    @DisplayName("a body over 1 MiB is 413, whether its length is declared or it arrives chunked")
    void bodyLimit() {
        byte[] large = jsonOfSize(ONE_MIB + 1);
        Response declared = http.send("PATCH", logsPath(), tenant.apiKey(), "application/json", large);
        Response chunked = http.send(http.request(logsPath())
                .header("Authorization", "Bearer " + tenant.apiKey())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large)))
                .build());

        assertThat(List.of(declared, chunked)).allSatisfy(response -> {
            assertThat(response.status()).isEqualTo(413);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        });
        assertThat(ourBatchesSoFar()).isEmpty();
    }

    @Test
    @DisplayName("a form or multipart body over the limit is 413 too")
    void formLimit() {
        byte[] form = ("comment=" + "x".repeat(ONE_MIB)).getBytes();
        Response response =
                http.send("POST", "/api/v2/rate/1/c", tenant.apiKey(), "application/x-www-form-urlencoded", form);

        assertThat(response.status()).isEqualTo(413);
        assertThat(ourBatchesSoFar()).isEmpty();
    }

    @Test
    @DisplayName("above the key's rate: 429 with Retry-After, and the refused request is not published")
    void rateLimit() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        Response limited = null;
        for (int i = 0; i < 4; i++) {
            Response response = rateWithoutWaiting("usage-" + i);
            statuses.add(response.status());
            if (response.status() == 429) {
                limited = response;
            }
        }

        assertThat(statuses).containsExactly(202, 202, 202, 429);
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);
        assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
        assertThat(ourBatchesSoFar())
                .extracting(b -> b.getItems().get(0).getUsageId())
                .containsExactly("usage-0", "usage-1", "usage-2");
    }

    @Test
    @DisplayName("with the broker stopped: 503 with Retry-After within the delivery timeout, and nothing is published")
    void brokerDown() {
        infrastructure.kafka().stop();
        Response response;
        long took;
        try {
            long began = System.nanoTime();
            response = rateWithoutWaiting("while-down");
            took = (System.nanoTime() - began) / 1_000_000;
        } finally {
            infrastructure.kafka().start();
        }

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isNotNull();
        assertThat(JsonPath.<String>read(response.body(), "$.detail"))
                .contains("not known whether it was stored", "same Idempotency-Key");
        assertThat(took).isLessThan(5_000);
        // A stopped broker never saw it: the producer gave up on the record at the delivery timeout.
        assertThat(ourBatchesSoFar()).isEmpty();
    }

    @Test
    @DisplayName("what waits for the broker is budgeted in bytes: past it, 503 overloaded at once, nothing sent")
    void pendingBytesBudget() throws Exception {
        String prompt = "p".repeat(40 * 1024);
        // A key per request, so the key rate of this class's configuration is not what answers.
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            keys.add(new CatalogAdmin(infrastructure.dataSource())
                    .issueApiKey(tenant.projectId(), "budget " + i)
                    .secret()
                    .value());
        }
        // The producer learns where the topic's partitions are while the broker is up: sends then wait in it.
        assertThat(http.json("POST", "/v1/completion-logs", tenant.apiKey(), "{\"usage_id\": \"budget-warm\"}")
                        .status())
                .isEqualTo(202);
        infrastructure.kafka().stop();
        List<Response> answers;
        try {
            List<CompletableFuture<Response>> sent = new ArrayList<>();
            ExecutorService clients = Executors.newFixedThreadPool(6);
            for (int i = 0; i < 6; i++) {
                String body = "{\"usage_id\": \"budget-" + i + "\", \"prompt\": \"" + prompt + "\"}";
                String key = keys.get(i);
                sent.add(CompletableFuture.supplyAsync(
                        () -> http.json("POST", "/v1/completion-logs", key, body), clients));
            }
            answers = sent.stream().map(CompletableFuture::join).toList();
            clients.shutdown();
        } finally {
            infrastructure.kafka().start();
        }

        List<String> types = answers.stream()
                .map(response -> JsonPath.<String>read(response.body(), "$.type"))
                .toList();
        assertThat(answers).allSatisfy(response -> assertThat(response.status()).isEqualTo(503));
        assertThat(types)
                .as("at most two 40 KB events fit in 100 KB")
                .anySatisfy(type -> assertThat(type).endsWith(":overloaded"));
        assertThat(types.stream().filter(type -> type.endsWith(":broker-unconfirmed")))
                .hasSizeLessThanOrEqualTo(2);
    }

    private static byte[] jsonOfSize(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        byte[] start = "{\"usage_id\": \"".getBytes();
        System.arraycopy(start, 0, body, 0, start.length);
        Arrays.fill(body, start.length, size - 3, (byte) 'x');
        body[size - 3] = '"';
        body[size - 2] = '}';
        return body;
    }
}
