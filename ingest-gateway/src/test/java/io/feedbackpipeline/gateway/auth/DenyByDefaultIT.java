package io.feedbackpipeline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.gateway.http.PublicRoutes;
import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.gateway.support.Http;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Issue 19 item 7: authentication used to cover listed path prefixes only, so a route added later under a new prefix
 * was public. Now every route needs a credential unless {@link PublicRoutes} lists it; this walks every mapped route.
 */
@GatewayIT
@Import(DenyByDefaultIT.LaterRoutes.class)
// One keyless request per route, from one address: more routes than the failed-auth burst. Throttling is
// CheapRefusalIT's subject, not this test's.
@TestPropertySource(properties = "pipeline.gateway.auth.failure-burst=1000")
class DenyByDefaultIT extends GatewayTestBase {

    /** A route as a later change might add it, under a prefix no one listed. */
    @TestConfiguration
    static class LaterRoutes {
        @RestController
        static class Internal {
            @GetMapping("/internal/projects-dump")
            Map<String, String> dump() {
                return Map.of("secret", "everything");
            }
        }
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    @DisplayName("a route added under a new prefix answers 401 without a key, not its data")
    void laterRouteIsClosed() {
        Http.Response response = http.get("/internal/projects-dump", null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).doesNotContain("everything");
    }

    @Test
    @DisplayName("every mapped route outside the public list answers 401 problem+json to a request without a key")
    void everyRouteButThePublicOnesNeedsAKey() {
        List<String> open = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<RequestMappingInfo, ?> mapping :
                mappings.getHandlerMethods().entrySet()) {
            for (String pattern : mapping.getKey().getPatternValues()) {
                String path = pattern.replaceAll("\\{[^}]+}", "1");
                if (PublicRoutes.contains(path)) {
                    continue;
                }
                Set<RequestMethod> methods =
                        mapping.getKey().getMethodsCondition().getMethods();
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    Http.Response response = http.send(method.name(), path, null, "application/json", "{}".getBytes());
                    checked++;
                    if (response.status() != 401
                            || !response.header("Content-Type").startsWith("application/problem+json")) {
                        open.add(method + " " + path + " -> " + response.status());
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(8);
        assertThat(open).isEmpty();
    }

    @Test
    @DisplayName("an unknown path without a key is 401 too: what exists is not told to strangers")
    void unknownPathIsUnauthorized() {
        assertThat(http.get("/no/such/route", null).status()).isEqualTo(401);
        assertThat(http.get("/no/such/route", tenant.apiKey()).status()).isEqualTo(404);
    }

    @Test
    @DisplayName("the public routes answer without a key")
    void publicRoutesAnswer() {
        assertThat(http.get("/livez", null).status()).isEqualTo(200);
        assertThat(http.get("/v3/api-docs", null).status()).isEqualTo(200);
        assertThat(http.get("/schema-registry/subjects", null).status()).isEqualTo(200);
    }
}
