package io.feedbackpipeline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.CatalogReader;
import io.feedbackpipeline.catalog.CatalogReader.AuditEntry;
import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.gateway.support.Http.Response;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the gateway changes or notices in the catalog lands in the catalog audit, naming who did it. */
@GatewayIT
class CatalogAuditIT extends GatewayTestBase {

    @Test
    @DisplayName("a feedback type created over HTTP is audited with the key's prefix and the gateway's role")
    void feedbackTypeOverHttp() {
        CatalogAdmin.IssuedApiKey admin = new CatalogAdmin(infrastructure.dataSource())
                .issueApiKey(tenant.projectId(), "admin", Set.of(ApiKeyScope.ADMIN), null);

        Response created = http.json(
                "POST",
                "/v1/feedback-types",
                admin.secret().value(),
                "{\"name\": \"audited-stars\", \"kind\": \"NUMERIC\", \"min_value\": 1, \"max_value\": 5}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String typeId = String.valueOf(JsonPath.<Integer>read(created.body(), "$.id"));
        AuditEntry entry = audit().stream()
                .filter(change -> change.action().equals("feedback-type-created"))
                .findFirst()
                .orElseThrow();
        assertThat(entry.subject()).isEqualTo(typeId);
        assertThat(entry.actor()).isEqualTo("api-key " + admin.prefix() + " (" + PostgresServer.GATEWAY.name() + ")");
        assertThat(entry.detail()).isEqualTo("name=audited-stars kind=NUMERIC min=1 max=5");
        assertThat(entry.toString()).doesNotContain(admin.secret().value());
    }

    @Test
    @DisplayName("a key passing its expiry is recorded by the gateway once, at the moment it expired")
    void keyExpiry() {
        Instant expiresAt = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MICROS);
        CatalogAdmin.IssuedApiKey key = new CatalogAdmin(infrastructure.dataSource())
                .issueApiKey(tenant.projectId(), "short-lived", Set.of(ApiKeyScope.INGEST), expiresAt);

        // The gateway records expiries once per key-cache TTL, 1 s in these tests.
        AuditEntry expiry = Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> expiries(key).stream().findFirst(), Optional::isPresent)
                .orElseThrow();

        assertThat(expiry.occurredAt()).isEqualTo(expiresAt);
        assertThat(expiry.actor()).isEqualTo("expiry (" + PostgresServer.GATEWAY.name() + ")");
        assertThat(expiry.detail()).isEqualTo("prefix=" + key.prefix());
        // A later marker, not the clock: a key expiring after the first is recorded by a later round of the timer,
        // and by then the first must still be recorded once.
        CatalogAdmin.IssuedApiKey later = new CatalogAdmin(infrastructure.dataSource())
                .issueApiKey(
                        tenant.projectId(),
                        "later",
                        Set.of(ApiKeyScope.INGEST),
                        Instant.now().plusSeconds(2));
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> !expiries(later).isEmpty());
        assertThat(expiries(key)).as("recorded once").hasSize(1);
    }

    private List<AuditEntry> expiries(CatalogAdmin.IssuedApiKey key) {
        return audit().stream()
                .filter(change -> change.action().equals("key-expired"))
                .filter(change -> change.subject().equals(key.id().toString()))
                .toList();
    }

    private List<AuditEntry> audit() {
        return new CatalogReader(infrastructure.dataSource()).audit(tenant.projectId());
    }
}
