package io.feedbackpipeline.gateway.http;

import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The only routes anyone may call without a credential: probes, the API's documentation, the read-only schema
 * registry (schemas are the public contract), the error page, and the console's static files (a page with no data:
 * it asks the API for everything with the key its user types). Everything else needs a key or a feedback token,
 * whatever its prefix, so a route added later is closed until it is listed here (deny by default).
 */
public final class PublicRoutes {

    private static final List<String> PATTERNS = List.of(
            "/livez",
            "/readyz",
            "/error",
            "/v3/api-docs",
            "/v3/api-docs/**",
            "/swagger-ui.html",
            "/swagger-ui/**",
            "/schema-registry/**",
            "/console",
            "/console/**",
            "/webjars/**");

    private static final List<PathPattern> PARSED =
            PATTERNS.stream().map(PathPatternParser.defaultInstance::parse).toList();

    private PublicRoutes() {}

    /** As Spring MVC path patterns, e.g. to exclude them from authentication. */
    public static String[] patterns() {
        return PATTERNS.toArray(String[]::new);
    }

    /** Whether a path (e.g. {@code /v1/feedback} or {@code /schema-registry/subjects}) is public. */
    public static boolean contains(String path) {
        PathContainer container = PathContainer.parsePath(path);
        return PARSED.stream().anyMatch(pattern -> pattern.matches(container));
    }
}
