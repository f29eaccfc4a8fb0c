package io.feedbackpipeline.gateway.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.gateway.support.Http;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Issue 19 item 12: Idempotency-Keys belong to the API key that used them, and expire after their window. */
@GatewayIT
class IdempotencyKeysIT extends GatewayTestBase {

    @Test
    @DisplayName("two API keys of one project may use the same Idempotency-Key for their own requests")
    void keysArePerApiKey() {
        String other = new CatalogAdmin(infrastructure.dataSource())
                .issueApiKey(tenant.projectId(), "second backend")
                .secret()
                .value();

        Http.Response first = send(tenant.apiKey(), "per-key-1", true, "shared-key");
        Http.Response second = send(other, "per-key-2", false, "shared-key");

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).as(second.body()).isEqualTo(202);
        assertThat(eventId(second)).isNotEqualTo(eventId(first));
        assertThat(eventId(send(other, "per-key-2", false, "shared-key"))).isEqualTo(eventId(second));
    }

    @Test
    @DisplayName("within the window a key answers its first event; past it, the key may be used afresh")
    void keysExpire() {
        Http.Response first = send(tenant.apiKey(), "expiring-1", true, "expiring-key");
        assertThat(send(tenant.apiKey(), "expiring-2", true, "expiring-key").status())
                .isEqualTo(422);

        JdbcClient.create(infrastructure.dataSource())
                .sql("UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE api_key_id = ?")
                .param(tenant.apiKeyId())
                .update();

        Http.Response afresh = send(tenant.apiKey(), "expiring-2", true, "expiring-key");
        assertThat(afresh.status()).as(afresh.body()).isEqualTo(202);
        assertThat(eventId(afresh)).isNotEqualTo(eventId(first));
        assertThat(eventId(send(tenant.apiKey(), "expiring-2", true, "expiring-key")))
                .isEqualTo(eventId(afresh));
    }

    private Http.Response send(String key, String usageId, boolean flag, String idempotencyKey) {
        return http.json(
                "POST",
                "/v1/feedback",
                key,
                "{\"items\": [{\"usage_id\": \"" + usageId + "\", \"feedback_type_id\": 1, \"flag\": " + flag + "}]}",
                "Idempotency-Key",
                idempotencyKey);
    }

    private static String eventId(Http.Response response) {
        return JsonPath.read(response.body(), "$.event_id");
    }
}
