package io.feedbackpipeline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.gateway.support.Http;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 19 item 14: a request whose key's cache entry had expired waited on a hung database (a probe with PostgreSQL
 * frozen for 60 s saw one take 36.5 s). PostgreSQL is frozen for real here (SIGSTOP on every process of the server).
 */
@WithPipelineInfrastructure(dedicated = true)
@GatewayIT
@TestPropertySource(properties = "pipeline.test.servers=dedicated:KeyCacheOutageIT")
@DirtiesContext
class KeyCacheOutageIT extends GatewayTestBase {

    private static final Duration FAST = Duration.ofSeconds(3);

    @Test
    @DisplayName(
            "with PostgreSQL frozen, a known key past its cache TTL is served at once; an unknown one gets 503 fast")
    void frozenDatabaseHoldsNoRequest() throws Exception {
        String unknown = new CatalogAdmin(infrastructure.dataSource())
                .issueApiKey(tenant.projectId(), "never used before the freeze")
                .secret()
                .value();
        assertThat(rate(tenant.apiKey()).status()).isEqualTo(200); // known, cached, its catalog entries too

        infrastructure.postgres().freeze();
        try {
            Thread.sleep(1_500); // past the key cache's TTL of this test configuration (1 s): the entry is stale

            long began = System.nanoTime();
            Http.Response known = rate(tenant.apiKey());
            Duration tookKnown = Duration.ofNanos(System.nanoTime() - began);
            assertThat(known.status()).isEqualTo(200);
            assertThat(tookKnown).isLessThan(FAST);

            began = System.nanoTime();
            Http.Response stranger = rate(unknown);
            Duration tookUnknown = Duration.ofNanos(System.nanoTime() - began);
            assertThat(stranger.status()).as(stranger.body()).isEqualTo(503);
            assertThat(stranger.header("Retry-After")).isNotBlank();
            assertThat(tookUnknown).isLessThan(FAST.plusSeconds(1));
        } finally {
            infrastructure.postgres().thaw();
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> rate(unknown).status() == 200);
    }

    private Http.Response rate(String key) {
        return http.json("POST", "/api/v2/rate/1/frozen-" + UUID.randomUUID(), key, "{\"flag\": true}");
    }
}
