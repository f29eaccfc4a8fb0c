package io.feedbackpipeline.gateway.http;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A refusal with a status other than 400: unauthorized, not found, too large, conflict, rate limited, broker
 * unavailable. {@code retryAfter} becomes the Retry-After header.
 */
public class GatewayException extends RuntimeException {

    private final HttpStatus status;
    private final String slug;
    private final Duration retryAfter;
    private final Map<String, Object> properties;

    /**
     * @param slug the problem type's last part, e.g. {@code missing-scope}; null for the status's own
     * @param properties extra members of the problem body, e.g. {@code missing_scope}
     */
    public GatewayException(
            HttpStatus status, String slug, String detail, Duration retryAfter, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.retryAfter = retryAfter;
        this.properties = Map.copyOf(properties);
    }

    public GatewayException(HttpStatus status, String detail, Duration retryAfter, Map<String, Object> properties) {
        this(status, null, detail, retryAfter, properties);
    }

    public GatewayException(HttpStatus status, String detail, Duration retryAfter) {
        this(status, detail, retryAfter, Map.of());
    }

    public GatewayException(HttpStatus status, String detail) {
        this(status, detail, null);
    }

    public HttpStatus status() {
        return status;
    }

    /** Null when the status's own slug applies. */
    public String slug() {
        return slug;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
