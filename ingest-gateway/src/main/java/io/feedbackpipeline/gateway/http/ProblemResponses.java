package io.feedbackpipeline.gateway.http;

import io.feedbackpipeline.gateway.publish.BrokerUnconfirmed;
import io.feedbackpipeline.gateway.publish.PublishQueueFull;
import java.lang.reflect.Method;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where refusals become RFC 9457 problem+json: our own exceptions, Spring MVC's (404, 405, 415, ...)
 * and anything unexpected (500, without internals). Every body has status, title and detail; a 400 lists every
 * violation under {@code errors}.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    static final String TYPE_PREFIX = "tag:feedback-pipeline,2026:problem:";
    private static final Duration RETRY_AFTER_BROKER = Duration.ofSeconds(5);
    private static final Duration RETRY_AFTER_OVERLOAD = Duration.ofSeconds(1);

    private final ExceptionHandlerMethodResolver handlers = new ExceptionHandlerMethodResolver(ProblemResponses.class);

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "invalid-request",
                "The request was refused as a whole; nothing was published. See errors for every reason.");
        problem.setProperty("errors", e.violations());
        return respond(problem, null);
    }

    @ExceptionHandler(GatewayException.class)
    ResponseEntity<ProblemDetail> refused(GatewayException e) {
        ProblemDetail problem = problem(e.status(), slug(e.status()), e.getMessage());
        e.properties().forEach(problem::setProperty);
        return respond(problem, e.retryAfter());
    }

    /**
     * The broker did not confirm in time. Honest about what is known: the event may or may not have been stored,
     * and a retry with the same Idempotency-Key is safe either way.
     */
    @ExceptionHandler(BrokerUnconfirmed.class)
    ResponseEntity<ProblemDetail> unconfirmed(BrokerUnconfirmed e) {
        ProblemDetail problem = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "broker-unconfirmed",
                "The broker did not confirm the event in time, so it is not known whether it was stored. Retry with"
                        + " the same Idempotency-Key: that is safe and changes nothing if it was stored.");
        return respond(problem, RETRY_AFTER_BROKER);
    }

    /** Too many events wait for the broker already; this one was not sent at all. */
    @ExceptionHandler(PublishQueueFull.class)
    ResponseEntity<ProblemDetail> queueFull(PublishQueueFull e) {
        ProblemDetail problem = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "overloaded",
                "Too many events are waiting for the broker; this one was not sent. Retry later.");
        return respond(problem, RETRY_AFTER_OVERLOAD);
    }

    /**
     * The database refused or could not serve a request that passed every check (not reachable, read-only after a
     * failover, a privilege missing, a lock timeout): the environment's fault, never the client's, so the client is
     * told to retry, not that its request is wrong or that the gateway is broken. Nothing was published.
     */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> databaseUnavailable(DataAccessException e) {
        log.warn(
                "The database could not serve a request: {}",
                e.getMostSpecificCause().toString());
        ProblemDetail problem = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "database-unavailable",
                "The gateway's database could not serve this request right now; nothing was published. Retry"
                        + " later (with the same Idempotency-Key, if you sent one).");
        return respond(problem, RETRY_AFTER_BROKER);
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> badMultipart(MultipartException e) {
        return invalid(InvalidRequestException.of("body", "not a valid multipart/form-data body"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return respond(
                problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal-error",
                        "The gateway failed unexpectedly; nothing was published if no 2xx was sent."),
                null);
    }

    /**
     * The answer to a failure that ended a request answered outside Spring MVC's dispatch ({@link DirectAnswers}):
     * the {@code @ExceptionHandler} above that Spring MVC itself would pick, so such a request is refused exactly
     * as any other and no second mapping can drift from the first.
     */
    @SuppressWarnings("unchecked")
    ResponseEntity<ProblemDetail> forFailure(Throwable failure) {
        Exception exception = failure instanceof Exception e ? e : new IllegalStateException(failure);
        Method handler = handlers.resolveMethodByThrowable(exception);
        if (handler == null || handler.getParameterCount() != 1) {
            return unexpected(exception); // Spring MVC's own exceptions never end a directly answered request
        }
        try {
            return (ResponseEntity<ProblemDetail>) handler.invoke(this, exception);
        } catch (ReflectiveOperationException e) {
            return unexpected(exception);
        }
    }

    /** Spring MVC's own exceptions (404, 405, 406, 415, missing parameters, ...) keep their status. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail
                ? detail
                : ProblemDetail.forStatusAndDetail(statusCode, ex.getMessage());
        HttpHeaders out = new HttpHeaders();
        out.addAll(headers);
        out.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(problem, out, statusCode);
    }

    static ProblemDetail problem(HttpStatus status, String slug, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + slug));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, Duration retryAfter) {
        ResponseEntity.BodyBuilder response =
                ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) {
            long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        if (problem.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.body(problem);
    }

    private static String slug(HttpStatus status) {
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
