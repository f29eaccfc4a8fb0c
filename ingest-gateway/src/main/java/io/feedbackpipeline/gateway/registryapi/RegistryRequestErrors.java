package io.feedbackpipeline.gateway.registryapi;

import io.feedbackpipeline.gateway.http.GatewayException;
import io.feedbackpipeline.jsoncontract.InvalidRequestException;
import io.feedbackpipeline.jsoncontract.Violation;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Requests the registry API cannot read are answered in the registry's error shape, not problem+json, because
 * registry clients read {@code error_code}: ahead of the gateway's problem responses, for this API only. Refusals
 * made before the API is reached (413, the body budget's 503, a throttle's 429) stay problem+json, as everywhere.
 */
@RestControllerAdvice(assignableTypes = SchemaRegistryController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class RegistryRequestErrors {

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<RegistryError> unreadable(InvalidRequestException e) {
        return RegistryError.badRequest("the body is not a JSON object with a schema: "
                + e.violations().stream().map(Violation::reason).collect(Collectors.joining("; ")));
    }

    /**
     * An unsupported Content-Type (415) or a throttled client (429, with Retry-After), with the status as its code,
     * as Confluent's registry answers such refusals.
     */
    @ExceptionHandler(GatewayException.class)
    ResponseEntity<RegistryError> refused(GatewayException e) {
        String message = e.status() == HttpStatus.UNSUPPORTED_MEDIA_TYPE
                ? "send the schema as application/vnd.schemaregistry.v1+json or application/json"
                : e.getMessage();
        ResponseEntity<RegistryError> answer = RegistryError.withStatus(e.status(), message);
        if (e.retryAfter() == null) {
            return answer;
        }
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        return ResponseEntity.status(answer.getStatusCode())
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(answer.getBody());
    }

    /** A schema id that is not a number is no schema's id. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<RegistryError> notAnId(MethodArgumentTypeMismatchException e) {
        return RegistryError.schemaNotFound("'" + e.getValue() + "' is not a schema id");
    }
}
