package io.feedbackpipeline.gateway.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.WebOrigin;
import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.gateway.support.Http;
import io.feedbackpipeline.gateway.support.Tenant;
import io.feedbackpipeline.schemas.FeedbackBatch;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 22: a backend's key asks for a token bound to one usage_id; a browser sends feedback with it, on the two
 * feedback routes only, from an origin its project allows. Every refusal is problem+json and publishes nothing.
 */
@GatewayIT
class FeedbackTokensIT extends GatewayTestBase {

    private static final String PARADIGM = "/api/v2/rate/1/";

    private final JsonMapper json = JsonMapper.builder().build();
    private String usageId;
    /** An origin of this test's own project only: the preflight then says when the gateway has loaded it. */
    private String page;

    /**
     * Failed authentications go out from ::1: they count against their address's throttle, which 127.0.0.1 shares
     * with every other test of this gateway.
     */
    private Http refusedFrom() {
        return Http.at("http://[::1]:" + port);
    }

    @BeforeEach
    void allowThePage() {
        usageId = "usage-" + UUID.randomUUID();
        page = "https://shop-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
        new CatalogAdmin(infrastructure.dataSource())
                .allowOrigin(tenant.projectId(), WebOrigin.parse(page).orElseThrow());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> preflight(PARADIGM + usageId, page).status() == 204);
    }

    @Test
    @DisplayName("a token sends feedback on its usage_id on both routes, and records its end user in the event")
    void tokenSendsFeedback() {
        JsonNode issued = issue("{\"usage_id\":\"" + usageId + "\",\"end_user_id\":\"user-7\"}");
        String token = issued.get("token").asString();
        assertThat(issued.get("expires_at").asString()).isNotBlank();
        assertThat(issued.get("token_id").asString()).isNotBlank();

        Http.Response paradigm = http.json("POST", PARADIGM + usageId, token, "{\"flag\":true}", "Origin", page);
        assertThat(paradigm.status()).as(paradigm.body()).isEqualTo(200);
        assertThat(paradigm.header("Access-Control-Allow-Origin")).isEqualTo(page);

        Http.Response batch = http.json(
                "POST",
                "/v1/feedback",
                token,
                "{\"items\":[{\"usage_id\":\"" + usageId
                        + "\",\"feedback_type_id\":1,\"flag\":false,\"comment\":\"wrong size\"}]}",
                "Origin",
                page);
        assertThat(batch.status()).as(batch.body()).isEqualTo(202);

        List<FeedbackBatch> published =
                await().atMost(Duration.ofSeconds(10)).until(this::ourBatchesSoFar, batches -> batches.size() == 2);
        assertThat(published).allSatisfy(event -> {
            assertThat(event.getEndUserId()).isEqualTo("user-7");
            assertThat(event.getItems())
                    .allSatisfy(item -> assertThat(item.getUsageId()).isEqualTo(usageId));
        });
    }

    @Test
    @DisplayName("another usage_id, a type the token does not allow, or an occurred_at: 403 naming the field")
    void tokenCannotRateAnythingElse() {
        String token = issue("{\"usage_id\":\"" + usageId + "\",\"feedback_type_ids\":[1]}")
                .get("token")
                .asString();

        assertRefused(http.json("POST", PARADIGM + "someone-else", token, "{\"flag\":true}"), 403, "completion_id");
        int comments = tenant.createFeedbackType(infrastructure, "TEXT", null, null);
        assertRefused(
                http.json("POST", "/api/v2/rate/" + comments + "/" + usageId, token, "{\"comment\":\"x\"}"),
                403,
                "feedback_type_id");
        assertRefused(
                http.json(
                        "POST",
                        "/v1/feedback",
                        token,
                        "{\"items\":[{\"usage_id\":\"" + usageId + "\",\"feedback_type_id\":1,\"flag\":true},"
                                + "{\"usage_id\":\"other\",\"feedback_type_id\":1,\"flag\":true}]}"),
                403,
                "items[1].usage_id");
        assertRefused(
                http.json(
                        "POST",
                        "/v1/feedback",
                        token,
                        "{\"items\":[{\"usage_id\":\"" + usageId
                                + "\",\"feedback_type_id\":1,\"flag\":true,\"occurred_at\":\"2026-01-01T00:00:00Z\"}]}"),
                403,
                "items[0].occurred_at");
        assertThat(ourBatchesSoFar()).isEmpty();
    }

    @Test
    @DisplayName("a token reads nothing and issues nothing: every other route answers 403")
    void tokenOnOtherRoutes() {
        String token = issue("{\"usage_id\":\"" + usageId + "\"}").get("token").asString();

        for (Http.Response response : List.of(
                http.get("/v1/key", token),
                http.get("/v1/feedback-types", token),
                http.get("/v1/completion-logs/" + usageId, token),
                http.json("POST", "/v1/feedback-tokens", token, "{\"usage_id\":\"" + usageId + "\"}"),
                http.json(
                        "PATCH",
                        "/endpoints/" + tenant.endpointId() + "/logs",
                        token,
                        "{\"usage_id\":\"" + usageId + "\",\"positive_rating\":true}"))) {
            assertThat(response.status()).as(response.body()).isEqualTo(403);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.body()).contains("feedback token only sends feedback");
        }
        assertThat(ourBatchesSoFar()).isEmpty();
    }

    @Test
    @DisplayName("a tampered, foreign-signed or expired token is a 401 problem; nothing is published")
    void badTokens() throws Exception {
        String token = issue("{\"usage_id\":\"" + usageId + "\",\"expires_in\":1}")
                .get("token")
                .asString();
        String[] parts = token.split("\\.");
        String otherUsage =
                issue("{\"usage_id\":\"other\"}").get("token").asString().split("\\.")[1];

        assertRefused(
                refusedFrom().json("POST", PARADIGM + usageId, parts[0] + "." + otherUsage + "." + parts[2], "{}"),
                401,
                null);
        assertRefused(
                refusedFrom().json("POST", PARADIGM + usageId, token.substring(0, token.length() - 3) + "AAA", "{}"),
                401,
                null);
        Thread.sleep(1_100);
        Http.Response expired = refusedFrom().json("POST", PARADIGM + usageId, token, "{\"flag\":true}");
        assertRefused(expired, 401, null);
        assertThat(expired.body()).contains("expired at");
        assertThat(ourBatchesSoFar()).isEmpty();
    }

    @Test
    @DisplayName("issuing checks its request: usage_id required, types of the project, expiry within 24 h")
    void issuingValidates() {
        Tenant other = Tenant.create(infrastructure);
        int foreignType = other.createFeedbackType(infrastructure, "BOOLEAN", null, null);

        Http.Response response = http.json(
                "POST",
                "/v1/feedback-tokens",
                tenant.apiKey(),
                "{\"feedback_type_ids\":[1," + foreignType + "],\"expires_in\":90000,\"colour\":\"red\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body())
                .contains("\"usage_id\"")
                .contains("feedback_type_ids[1]")
                .contains("expires_in")
                .contains("colour");
        assertThat(refusedFrom()
                        .json("POST", "/v1/feedback-tokens", null, "{\"usage_id\":\"u\"}")
                        .status())
                .isEqualTo(401);
    }

    @Test
    @DisplayName("CORS: preflights are answered on the token routes for listed origins only, never elsewhere")
    void preflights() {
        Http.Response allowed = preflight("/v1/feedback", page);
        assertThat(allowed.status()).isEqualTo(204);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(page);
        assertThat(allowed.header("Access-Control-Allow-Methods")).isEqualTo("POST");
        assertThat(allowed.header("Access-Control-Allow-Headers")).contains("authorization");

        for (Http.Response refused : List.of(
                preflight(PARADIGM + usageId, "https://evil.example.net"),
                preflight("/v1/key", page),
                preflight("/v1/feedback-tokens", page),
                preflight("/endpoints/" + tenant.endpointId() + "/logs", page),
                preflight("/v1/analytics/feedback", page))) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(http.json("GET", "/v1/key", tenant.apiKey(), "", "Origin", page)
                        .header("Access-Control-Allow-Origin"))
                .as("a secret-key route never lets a page read its answer")
                .isNull();
    }

    @Test
    @DisplayName("a token used from an origin its own project has not listed is refused, whoever else lists it")
    void originOfAnotherProject() {
        Tenant other = Tenant.create(infrastructure);
        String otherPage = "https://other.example.org";
        new CatalogAdmin(infrastructure.dataSource())
                .allowOrigin(other.projectId(), WebOrigin.parse(otherPage).orElseThrow());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> preflight("/v1/feedback", otherPage).status() == 204);
        String token = issue("{\"usage_id\":\"" + usageId + "\"}").get("token").asString();

        assertRefused(
                http.json("POST", PARADIGM + usageId, token, "{\"flag\":true}", "Origin", otherPage), 403, "Origin");
        assertThat(ourBatchesSoFar()).isEmpty();
    }

    @Test
    @DisplayName("one token may send a few requests at once, then 429 with Retry-After")
    void perTokenLimit() {
        String token = issue("{\"usage_id\":\"" + usageId + "\"}").get("token").asString();
        int accepted = 0;
        Http.Response last = null;
        for (int i = 0; i < 15; i++) {
            last = http.json("POST", PARADIGM + usageId, token, "{\"flag\":" + (i % 2 == 0) + "}");
            if (last.status() == 200) {
                accepted++;
            } else {
                break;
            }
        }
        assertThat(accepted).isEqualTo(10);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.header("Retry-After")).isNotBlank();
    }

    @Test
    @DisplayName(
            "hostile input: an oversized or garbage token, a deeply nested or markup-laden request; the gateway lives")
    void hostileInput() {
        assertRefused(
                refusedFrom()
                        .json("POST", PARADIGM + usageId, "fbt_k1." + "A".repeat(4_000) + "." + "B".repeat(43), "{}"),
                401,
                null);
        assertRefused(refusedFrom().json("POST", PARADIGM + usageId, "fbt_<script>alert(1)</script>", "{}"), 401, null);
        Http.Response nested =
                http.json("POST", "/v1/feedback-tokens", tenant.apiKey(), "[".repeat(5_000) + "]".repeat(5_000));
        assertThat(nested.status()).isEqualTo(400);
        assertThat(nested.header("Content-Type")).startsWith("application/problem+json");

        JsonNode issued = issue("{\"usage_id\":\"<img src=x onerror=alert(1)>\",\"end_user_id\":\"</script>\"}");
        assertThat(issued.get("usage_id").asString()).isEqualTo("<img src=x onerror=alert(1)>");
        assertThat(http.get("/livez", null).status()).isEqualTo(200);
        assertThat(ourBatchesSoFar()).isEmpty();
    }

    @Test
    @DisplayName("one address with many fresh tokens is stopped too (429 naming the address): tokens are cheap to get")
    void perAddressLimit() {
        // From ::1, an address of its own: the other tests' requests (from 127.0.0.1) do not spend from its budget.
        Http fromElsewhere = Http.at("http://[::1]:" + port);
        int accepted = 0;
        Http.Response last = null;
        sending:
        for (int token = 0; token < 20; token++) {
            String bearer =
                    issue("{\"usage_id\":\"" + usageId + "\"}").get("token").asString();
            for (int i = 0; i < 10; i++) { // within each token's own burst
                last = fromElsewhere.json("POST", PARADIGM + usageId, bearer, "{\"flag\":true}");
                if (last.status() != 200) {
                    break sending;
                }
                accepted++;
            }
        }
        assertThat(last.status()).as(last.body()).isEqualTo(429);
        assertThat(last.body()).contains("this address");
        assertThat(last.header("Retry-After")).isNotBlank();
        // A burst of 120, refilled at 10 a second while the loop runs.
        assertThat(accepted).isBetween(120, 150);
    }

    private JsonNode issue(String body) {
        Http.Response response = http.json("POST", "/v1/feedback-tokens", tenant.apiKey(), body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.header("Cache-Control")).contains("no-store");
        return json.readTree(response.body());
    }

    private Http.Response preflight(String path, String origin) {
        return http.send(
                "OPTIONS",
                path,
                null,
                null,
                null,
                "Origin",
                origin,
                "Access-Control-Request-Method",
                "POST",
                "Access-Control-Request-Headers",
                "authorization,content-type");
    }

    private void assertRefused(Http.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        if (field != null) {
            assertThat(json.readTree(response.body()).get("field").asString()).isEqualTo(field);
        }
    }
}
