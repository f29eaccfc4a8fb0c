package io.feedbackpipeline.gateway.registry;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Requests the registry API cannot read are answered in the registry's error shape, not problem+json: ahead of
 * the gateway's problem responses, for this API only.
 */
@RestControllerAdvice(assignableTypes = SchemaRegistryController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class RegistryRequestErrors {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<RegistryError> unreadable(HttpMessageNotReadableException e) {
        return RegistryError.badRequest("the body is not a JSON object with a schema: "
                + e.getMostSpecificCause().getMessage());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<RegistryError> mediaType(HttpMediaTypeNotSupportedException e) {
        return RegistryError.badRequest(
                "send the schema as application/vnd.schemaregistry.v1+json or application/json");
    }

    /** A schema id that is not a number is no schema's id. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<RegistryError> notAnId(MethodArgumentTypeMismatchException e) {
        return RegistryError.schemaNotFound("'" + e.getValue() + "' is not a schema id");
    }
}
