package io.feedbackpipeline.gateway.http;

import java.util.List;

/**
 * The routes of the APIs (Baseplate, Paradigm, native), as opposed to health, API docs and the schema registry:
 * the ones that need an API key, are rate limited and answer refusals as problem+json. Stated here once.
 */
public final class ApiRoutes {

    private static final List<String> PREFIXES = List.of("/endpoints/", "/api/", "/v1/");

    private ApiRoutes() {}

    /** As Spring MVC path patterns, e.g. for interceptors. */
    public static String[] patterns() {
        return PREFIXES.stream().map(prefix -> prefix + "**").toArray(String[]::new);
    }

    /** Whether a documented path (e.g. {@code /v1/feedback}) is an API route. */
    public static boolean contains(String path) {
        return PREFIXES.stream().anyMatch(path::startsWith);
    }
}
