package io.feedbackpipeline.gateway.registryapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.gateway.support.Http;
import io.feedbackpipeline.localstack.junit.RawHttp;
import io.feedbackpipeline.schemas.registry.ForeignSchema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The registry API takes no key, so it is where a stranger's body lands first. Issue 19 item 1: four such requests of
 * 60 MB, a schema with twenty million empty arrays, took the gateway down with OutOfMemoryError. Every body is now
 * bounded before it is read, parsed within constraints, and a schema's size is counted before Avro builds a tree.
 */
@GatewayIT
class RegistryHostileRequestsIT extends GatewayTestBase {

    private static final String LOOKUP = "/schema-registry/subjects/feedback.v1-value";
    private static final String REGISTRY_JSON = "application/vnd.schemaregistry.v1+json";
    private static final long SIXTY_MB = 60L * 1024 * 1024;

    @Test
    @DisplayName("four concurrent 60 MB lookups without a key are refused 413 unread, and the gateway goes on")
    void oversizedLookupsAreRefusedUnread() throws Exception {
        ExecutorService attackers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                boolean chunked = i % 2 == 1;
                answers.add(attackers.submit(
                        () -> RawHttp.postOversized(port, LOOKUP, REGISTRY_JSON, SIXTY_MB, SIXTY_MB, chunked)));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get()).isEqualTo(413);
            }
        } finally {
            attackers.shutdownNow();
        }
        assertThat(http.get("/livez", null).status()).isEqualTo(200);
        assertThat(http.get("/schema-registry/subjects", null).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("a schema of more tokens than any event has is refused 422 by its count, before Avro parses it")
    void manyTokensAreRefusedByCount() {
        String arrays = "[],".repeat(ForeignSchema.MAX_TOKENS);
        String schema = "{\"type\":\"record\",\"name\":\"FeedbackBatch\",\"fields\":[],\"x\":[" + arrays + "[]]}";
        Http.Response response = lookup("{\"schema\": " + quoted(schema) + "}");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("42201", "more than " + ForeignSchema.MAX_TOKENS + " JSON tokens");
    }

    @Test
    @DisplayName("a schema with an invalid default is a 422 registry error, not a 500")
    void invalidDefaultIsInvalidSchema() {
        String schema =
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"x\",\"type\":\"string\",\"default\":null}]}";
        Http.Response response = lookup("{\"schema\": " + quoted(schema) + "}");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("42201", "Invalid default for field x");
    }

    @Test
    @DisplayName("a body nested deeper than any request is refused 400, on the registry and on an API route")
    void deepNestingIsRefused() {
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        Http.Response registry = lookup("{\"schema\": " + deep + "}");
        assertThat(registry.status()).isEqualTo(400);
        assertThat(registry.body()).contains("too large or too deeply nested");

        Http.Response api = http.json("POST", "/v1/feedback", tenant.apiKey(), "{\"items\": " + deep + "}");
        assertThat(api.status()).isEqualTo(400);
        assertThat(api.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.body()).contains("too large or too deeply nested");
    }

    @Test
    @DisplayName("lookups above the per-address rate are answered 429 with Retry-After; other addresses are not")
    void lookupsAreThrottledPerAddress() throws Exception {
        byte[] known = "{\"schema\": \"\\\"string\\\"\"}".getBytes(StandardCharsets.UTF_8);
        List<Integer> statuses = new ArrayList<>();
        RawHttp.Answer throttled = null;
        for (int i = 0; i < RegistryThrottle.BURST * 3 && throttled == null; i++) {
            // A client of its own (another loopback address), so no other test shares its bucket.
            RawHttp.Answer answer = RawHttp.postFrom("127.0.0.41", port, LOOKUP, REGISTRY_JSON, known);
            statuses.add(answer.status());
            if (answer.status() == 429) {
                throttled = answer;
            }
        }
        assertThat(throttled).as("statuses " + statuses).isNotNull();
        assertThat(throttled.header("Retry-After")).isNotBlank();
        assertThat(lookup(new String(known, StandardCharsets.UTF_8)).status())
                .as("another address is not throttled")
                .isNotEqualTo(429);
        assertThat(http.get("/schema-registry/subjects", null).status())
                .as("reads are not counted")
                .isEqualTo(200);
    }

    private Http.Response lookup(String body) {
        return http.send("POST", LOOKUP, null, REGISTRY_JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
