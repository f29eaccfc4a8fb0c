package io.feedbackpipeline.gateway.browser;

import io.feedbackpipeline.catalog.FeedbackTokenShape;
import io.feedbackpipeline.catalog.WebOrigin;
import io.feedbackpipeline.gateway.http.GatewayException;
import io.feedbackpipeline.gateway.http.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CORS, for the token routes only. A preflight names no credential, so it is answered for an origin that some
 * project allows, a POST and the headers a feedback request needs; every other preflight, on any route, is refused
 * (403, no CORS headers), so no page can call a secret-key route from a browser. An actual request carrying a feedback
 * token from such an origin gets the headers that let the page read the answer; whether the token's own project
 * allows the origin is checked after authentication ({@link TokenRequestChecks}). Requests without an
 * {@code Origin} header (servers, curl) are not touched.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class BrowserCors extends OncePerRequestFilter {

    private static final Set<String> REQUEST_HEADERS =
            Set.of("authorization", "content-type", "idempotency-key", "x-request-id");
    private static final String EXPOSED_HEADERS = "Location, Retry-After, X-Request-Id";
    private static final String TOKEN_BEARER = "Bearer " + FeedbackTokenShape.PREFIX;
    private static final String VARY = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";

    private final TokenRoutes routes;
    private final AllowedOrigins origins;
    private final ProblemWriter problems;
    private final String maxAge;

    BrowserCors(TokenRoutes routes, AllowedOrigins origins, ProblemWriter problems, BrowserProperties properties) {
        this.routes = routes;
        this.origins = origins;
        this.problems = problems;
        this.maxAge = Long.toString(properties.preflightMaxAge().toSeconds());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            chain.doFilter(request, response);
            return;
        }
        if (isPreflight(request)) {
            answerPreflight(request, response, origin);
            return;
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean withToken =
                authorization != null && authorization.regionMatches(true, 0, TOKEN_BEARER, 0, TOKEN_BEARER.length());
        if (withToken && routes.contains(path(request))) {
            allowedSomewhere(origin).ifPresent(allowed -> {
                response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowed.value());
                response.setHeader(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS);
                response.addHeader(HttpHeaders.VARY, HttpHeaders.ORIGIN);
            });
        }
        chain.doFilter(request, response);
    }

    private void answerPreflight(HttpServletRequest request, HttpServletResponse response, String origin) {
        response.addHeader(HttpHeaders.VARY, VARY);
        String refusal = preflightRefusal(request, origin);
        if (refusal != null) {
            problems.write(
                    response,
                    new GatewayException(HttpStatus.FORBIDDEN, "CORS request refused: " + refusal),
                    request.getRequestURI());
            return;
        }
        response.setStatus(HttpStatus.NO_CONTENT.value());
        response.setHeader(
                HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN,
                allowedSomewhere(origin).orElseThrow().value());
        response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, HttpMethod.POST.name());
        response.setHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", REQUEST_HEADERS));
        response.setHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, maxAge);
    }

    /** Why a preflight is refused, or null when it is answered. */
    private String preflightRefusal(HttpServletRequest request, String origin) {
        if (!routes.contains(path(request))) {
            return "only the feedback-token routes " + routes.paths() + " may be called from a browser.";
        }
        if (allowedSomewhere(origin).isEmpty()) {
            return "the origin " + origin + " is not allowed by any project (feedbackctl projects allow-origin).";
        }
        if (!HttpMethod.POST.name().equals(request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD))) {
            return "only POST is allowed.";
        }
        String headers = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
        if (headers != null) {
            for (String header : Arrays.stream(headers.split(","))
                    .map(name -> name.strip().toLowerCase(Locale.ROOT))
                    .filter(name -> !name.isEmpty())
                    .toList()) {
                if (!REQUEST_HEADERS.contains(header)) {
                    return "the header " + header + " is not allowed; allowed are " + REQUEST_HEADERS + ".";
                }
            }
        }
        return null;
    }

    private Optional<WebOrigin> allowedSomewhere(String origin) {
        return WebOrigin.parse(origin).filter(origins::anyProjectAllows);
    }

    private static boolean isPreflight(HttpServletRequest request) {
        return HttpMethod.OPTIONS.matches(request.getMethod())
                && request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD) != null;
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
