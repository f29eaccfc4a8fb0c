package io.feedbackpipeline.gateway.http;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * A refusal with a status other than 400: unauthorized, not found, too large, conflict, rate limited, broker
 * unavailable. {@code retryAfter} becomes the Retry-After header.
 */
public class GatewayException extends RuntimeException {

    private final HttpStatus status;
    private final Duration retryAfter;

    public GatewayException(HttpStatus status, String detail, Duration retryAfter) {
        super(detail);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public GatewayException(HttpStatus status, String detail) {
        this(status, detail, null);
    }

    public HttpStatus status() {
        return status;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
