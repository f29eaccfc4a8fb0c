package io.feedbackpipeline.gateway.http;

import io.feedbackpipeline.gateway.publish.BrokerUnconfirmed;
import io.feedbackpipeline.gateway.publish.PublishQueueFull;
import io.feedbackpipeline.jsoncontract.InvalidRequestException;
import io.feedbackpipeline.jsoncontract.Violation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;

/**
 * A refusal as RFC 9457 problem details: what the client is told, whatever refused it (a handler, an interceptor,
 * a filter, Spring MVC or Tomcat itself). {@link #of} is the one mapping from failures to answers; {@link
 * ProblemWriter} the one way they are written. Every problem has the same members: {@code type}, {@code title},
 * {@code status}, {@code detail}, {@code instance} and {@code errors} (every violation of a 400; empty otherwise), plus
 * extra members some problems carry (e.g. {@code missing_scope}).
 */
record Problem(
        int status,
        String slug,
        String detail,
        List<Violation> errors,
        Map<String, Object> extra,
        Duration retryAfter,
        HttpHeaders headers) {

    public static final String TYPE_PREFIX = "tag:feedback-pipeline,2026:problem:";
    private static final Duration RETRY_AFTER_BROKER = Duration.ofSeconds(5);
    private static final Duration RETRY_AFTER_OVERLOAD = Duration.ofSeconds(1);

    public Problem {
        errors = List.copyOf(errors);
        extra = Map.copyOf(extra);
    }

    static Problem of(HttpStatusCode status, String slug, String detail) {
        return new Problem(status.value(), slug, detail, List.of(), Map.of(), null, HttpHeaders.EMPTY);
    }

    /** The answer to any failure of a request. */
    public static Problem of(Throwable failure) {
        if (failure instanceof InvalidRequestException invalid) {
            return new Problem(
                    400,
                    "invalid-request",
                    "The request was refused as a whole; nothing was published. See errors for every reason.",
                    invalid.violations(),
                    Map.of(),
                    null,
                    HttpHeaders.EMPTY);
        }
        if (failure instanceof GatewayException refused) {
            return new Problem(
                    refused.status().value(),
                    refused.slug() != null ? refused.slug() : slug(refused.status()),
                    refused.getMessage(),
                    List.of(),
                    refused.properties(),
                    refused.retryAfter(),
                    HttpHeaders.EMPTY);
        }
        if (failure instanceof BrokerUnconfirmed) {
            // Honest about what is known: the event may or may not have been stored, and a retry with the same
            // Idempotency-Key is safe either way.
            return retryLater(
                    "broker-unconfirmed",
                    "The broker did not confirm the event in time, so it is not known whether it was stored. Retry"
                            + " with the same Idempotency-Key: that is safe and changes nothing if it was stored.",
                    RETRY_AFTER_BROKER);
        }
        if (failure instanceof PublishQueueFull) {
            return retryLater(
                    "overloaded",
                    "Too many events are waiting for the broker; this one was not sent. Retry later.",
                    RETRY_AFTER_OVERLOAD);
        }
        if (failure instanceof DataAccessException) {
            // The database refused or could not serve a request that passed every check: the environment's fault,
            // never the client's, so the client is told to retry. Nothing was published.
            return retryLater(
                    "database-unavailable",
                    "The gateway's database could not serve this request right now; nothing was published. Retry"
                            + " later (with the same Idempotency-Key, if you sent one).",
                    RETRY_AFTER_BROKER);
        }
        if (failure instanceof MethodArgumentTypeMismatchException mismatch) {
            Class<?> type = mismatch.getRequiredType();
            return of(InvalidRequestException.of(
                    mismatch.getName(),
                    "must be " + (type == null ? "of another type" : Parameters.describe(type)) + ", was '"
                            + mismatch.getValue() + "'"));
        }
        if (failure instanceof MissingServletRequestParameterException missing) {
            return of(InvalidRequestException.of(missing.getParameterName(), "is required"));
        }
        if (failure instanceof MultipartException) {
            return of(InvalidRequestException.of("body", "not a valid multipart/form-data body"));
        }
        if (failure instanceof ErrorResponse mvc) {
            // Spring MVC's own refusals (404, 405, 406, 415, a missing parameter, ...) keep their status and headers.
            return new Problem(
                    mvc.getStatusCode().value(),
                    slug(HttpStatus.resolve(mvc.getStatusCode().value())),
                    mvc.getBody().getDetail(),
                    List.of(),
                    Map.of(),
                    null,
                    mvc.getHeaders());
        }
        return of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "The gateway failed unexpectedly; nothing was published if no 2xx was sent.");
    }

    /** A problem a server cannot help right now: 503 with Retry-After. */
    public static Problem retryLater(String slug, String detail, Duration retryAfter) {
        return new Problem(503, slug, detail, List.of(), Map.of(), retryAfter, HttpHeaders.EMPTY);
    }

    public String type() {
        return TYPE_PREFIX + slug;
    }

    public String title() {
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "Error";
    }

    public boolean isServerFault() {
        return status == 500;
    }

    private static String slug(HttpStatus status) {
        if (status == null) {
            return "error";
        }
        return switch (status) {
            case UNAUTHORIZED -> "unauthorized";
            case FORBIDDEN -> "missing-scope";
            case NOT_FOUND -> "not-found";
            case CONTENT_TOO_LARGE -> "content-too-large";
            case UNPROCESSABLE_CONTENT -> "idempotency-key-reused";
            case TOO_MANY_REQUESTS -> "rate-limited";
            case CONFLICT -> "conflict";
            default -> status.name().toLowerCase().replace('_', '-');
        };
    }
}
