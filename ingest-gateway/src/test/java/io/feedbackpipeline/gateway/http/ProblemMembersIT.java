package io.feedbackpipeline.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 20 item 2: every refusal of every route, whoever makes it (authentication, Spring MVC, a handler, the body
 * guard), is problem+json with the same members. Walks every mapped route but the public ones (the registry answers in
 * Confluent's shape, which registry clients read).
 */
@GatewayIT
class ProblemMembersIT extends GatewayTestBase {

    private static final Set<String> MEMBERS = Set.of("type", "title", "status", "detail", "instance", "errors");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    @DisplayName("401, 405, 415, 400 and 413 of every route carry type, title, status, detail, instance and errors")
    void everyRefusalHasEveryMember() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<RequestMappingInfo, ?> mapping :
                mappings.getHandlerMethods().entrySet()) {
            for (String pattern : mapping.getKey().getPatternValues()) {
                String path =
                        pattern.replace("{id}", tenant.endpointId().toString()).replaceAll("\\{[^}]+}", "1");
                if (PublicRoutes.contains(path)) {
                    continue;
                }
                Set<RequestMethod> methods =
                        mapping.getKey().getMethodsCondition().getMethods();
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    List<Http.Response> refusals = new ArrayList<>();
                    refusals.add(http.send(method.name(), path, null, "application/json", "{}".getBytes()));
                    refusals.add(http.send("DELETE", path, tenant.apiKey(), null, null));
                    if (method == RequestMethod.POST || method == RequestMethod.PATCH) {
                        refusals.add(http.send(method.name(), path, tenant.apiKey(), "text/plain", "x".getBytes()));
                        refusals.add(
                                http.send(method.name(), path, tenant.apiKey(), "application/json", "{".getBytes()));
                        refusals.add(http.send(
                                method.name(), path, tenant.apiKey(), "application/json", new byte[2 * 1024 * 1024]));
                    }
                    for (Http.Response refusal : refusals) {
                        checked++;
                        String problem = problemOf(refusal, path);
                        if (problem != null) {
                            wrong.add(method + " " + path + ": " + problem);
                        }
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(20);
        assertThat(wrong).isEmpty();
    }

    /** What is wrong with a refusal; null when it is a complete problem. */
    private String problemOf(Http.Response response, String path) {
        if (response.status() < 400) {
            return "not refused: " + response.status();
        }
        if (!response.header("Content-Type").startsWith("application/problem+json")) {
            return response.status() + " as " + response.header("Content-Type");
        }
        JsonNode body = json.readTree(response.body());
        List<String> missing =
                MEMBERS.stream().filter(member -> !body.has(member)).sorted().toList();
        if (!missing.isEmpty()) {
            return response.status() + " without " + missing;
        }
        if (body.get("status").asInt() != response.status()
                || !body.get("errors").isArray()) {
            return response.status() + " with status " + body.get("status") + " and errors " + body.get("errors");
        }
        return body.get("instance").asString().startsWith(path.substring(0, path.indexOf('/', 1) + 1))
                ? null
                : response.status() + " with instance " + body.get("instance");
    }
}
