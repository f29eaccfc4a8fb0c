package io.feedbackpipeline.gateway.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link Problem} as {@code application/problem+json}: the one writer of every refusal, from a handler, an
 * interceptor, a filter, a directly answered request or Tomcat's own error reports. Adds Retry-After when the
 * problem has one and {@code WWW-Authenticate: Bearer} to a 401.
 */
@Component
public class ProblemWriter {

    public static final String MEDIA_TYPE = "application/problem+json";

    private final JsonMapper json = JsonMapper.builder().build();

    /** A refusal from a filter of another package, which cannot throw it to the MVC error handling. */
    public void write(HttpServletResponse response, GatewayException refusal, String instance) {
        write(response, Problem.of(refusal), instance);
    }

    /** @param instance the request's path, which the problem is about */
    void write(HttpServletResponse response, Problem problem, String instance) {
        if (response.isCommitted()) {
            return; // an answer is on its way already; nothing more can be said
        }
        response.resetBuffer();
        response.setStatus(problem.status());
        problem.headers().forEach((name, values) -> values.forEach(value -> response.setHeader(name, value)));
        if (problem.retryAfter() != null) {
            long seconds = Math.max(1, (problem.retryAfter().toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        if (problem.status() == 401) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        response.setContentType(MEDIA_TYPE);
        byte[] body = bytes(problem, instance);
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
            response.flushBuffer();
        } catch (IOException | IllegalStateException e) {
            // The client went away, or the response's writer is in use; there is nobody left to tell.
        }
    }

    /** The body, every member in its place. */
    public byte[] bytes(Problem problem, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        body.put("instance", instance);
        body.put("errors", problem.errors());
        problem.extra().forEach(body::putIfAbsent);
        return json.writeValueAsBytes(body);
    }
}
