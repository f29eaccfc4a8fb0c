package io.feedbackpipeline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.gateway.http.PublicRoutes;
import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.gateway.support.Http.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** A key does only what its scopes allow, on every route; a 403 names the scope that is missing. */
@GatewayIT
class ScopesIT extends GatewayTestBase {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    @DisplayName(
            "an ingest key sends feedback, but writes no log, reads nothing and changes no catalog: 403 naming the scope")
    void ingestKey() {
        String key = key(Set.of(ApiKeyScope.INGEST), null);

        assertThat(http.json("POST", "/api/v2/rate/1/scoped-1", key, "{\"flag\": true}")
                        .status())
                .isEqualTo(200);
        assertThat(http.json("POST", "/v1/feedback", key, """
                {"items": [{"usage_id": "scoped-2", "feedback_type_id": 1, "flag": true}]}""").status()).isEqualTo(202);
        assertForbidden(
                http.json(
                        "POST", "/v1/completion-logs", key, "{\"usage_id\": \"scoped-1\", \"prompt\": \"rewritten\"}"),
                "logs");
        assertForbidden(http.get("/v1/completion-logs/scoped-1", key), "read");
        assertForbidden(http.get("/v1/feedback-types", key), "read");
        assertForbidden(
                http.json("POST", "/v1/feedback-types", key, "{\"name\": \"stars\", \"kind\": \"NUMERIC\"}"), "admin");
    }

    @Test
    @DisplayName("a key with the logs scope writes completion logs")
    void logsKey() {
        String key = key(Set.of(ApiKeyScope.LOGS), null);

        assertThat(http.json("POST", "/v1/completion-logs", key, "{\"usage_id\": \"scoped-6\", \"prompt\": \"hi\"}")
                        .status())
                .isEqualTo(202);
        assertForbidden(http.json("POST", "/api/v2/rate/1/scoped-6", key, "{\"flag\": true}"), "ingest");
    }

    @Test
    @DisplayName("a read key reads but does not ingest; an admin key changes the catalog")
    void readAndAdminKeys() {
        String read = key(Set.of(ApiKeyScope.READ), null);
        String admin = key(Set.of(ApiKeyScope.ADMIN), null);

        assertThat(http.get("/v1/feedback-types", read).status()).isEqualTo(200);
        assertForbidden(http.json("POST", "/api/v2/rate/1/scoped-3", read, "{\"flag\": true}"), "ingest");
        assertThat(http.json(
                                "POST",
                                "/v1/feedback-types",
                                admin,
                                "{\"name\": \"scoped-stars\", \"kind\": \"NUMERIC\", \"min_value\": 1, \"max_value\": 5}")
                        .status())
                .isIn(201, 200);
    }

    @Test
    @DisplayName("a key past its expiry is refused like an unknown one; one not yet expired works")
    void expiry() {
        String expired = key(ApiKeyScope.ALL, Instant.now().minusSeconds(1));
        String valid = key(ApiKeyScope.ALL, Instant.now().plus(Duration.ofHours(1)));

        assertThat(http.json("POST", "/api/v2/rate/1/scoped-4", expired, "{\"flag\": true}")
                        .status())
                .isEqualTo(401);
        assertThat(http.json("POST", "/api/v2/rate/1/scoped-5", valid, "{\"flag\": true}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("every route that is not public names the scope it needs")
    void everyApiRouteNamesAScope() {
        List<String> unscoped = mappings.getHandlerMethods().entrySet().stream()
                .filter(entry ->
                        entry.getKey().getPatternValues().stream().anyMatch(path -> !PublicRoutes.contains(path)))
                .filter(entry -> entry.getValue().getBeanType().getPackageName().startsWith("io.feedbackpipeline"))
                .filter(entry -> !entry.getValue().hasMethodAnnotation(RequiresScope.class))
                .map(entry -> entry.getKey().toString())
                .toList();

        assertThat(mappings.getHandlerMethods()).isNotEmpty();
        assertThat(unscoped).isEmpty();
    }

    private String key(Set<ApiKeyScope> scopes, Instant expiresAt) {
        return new CatalogAdmin(infrastructure.dataSource())
                .issueApiKey(tenant.projectId(), "scoped", scopes, expiresAt)
                .secret()
                .value();
    }

    private static void assertForbidden(Response response, String scope) {
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(JsonPath.<String>read(response.body(), "$.missing_scope")).isEqualTo(scope);
        assertThat(JsonPath.<String>read(response.body(), "$.detail")).contains("'" + scope + "'");
    }
}
