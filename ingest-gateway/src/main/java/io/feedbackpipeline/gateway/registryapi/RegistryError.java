package io.feedbackpipeline.gateway.registryapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * An error in the Confluent schema registry's own shape ({@code error_code}, {@code message}) and with its codes,
 * so that registry clients report it as they would their registry's: a registry client does not read problem+json.
 */
record RegistryError(
        @JsonProperty("error_code") int errorCode,
        @JsonProperty("message") String message) {

    static ResponseEntity<RegistryError> subjectNotFound(String subject) {
        return of(HttpStatus.NOT_FOUND, 40401, "Subject '" + subject + "' not found.");
    }

    static ResponseEntity<RegistryError> versionNotFound(String subject, String version) {
        return of(HttpStatus.NOT_FOUND, 40402, "Version " + version + " not found for subject '" + subject + "'.");
    }

    static ResponseEntity<RegistryError> schemaNotFound(String what) {
        return of(HttpStatus.NOT_FOUND, 40403, "Schema not found: " + what + ".");
    }

    static ResponseEntity<RegistryError> invalidSchema(String why) {
        return of(HttpStatus.UNPROCESSABLE_CONTENT, 42201, "Invalid schema: " + why);
    }

    static ResponseEntity<RegistryError> invalidVersion(String version) {
        return of(
                HttpStatus.UNPROCESSABLE_CONTENT,
                42202,
                "The specified version '" + version + "' is not a valid version id. Allowed values are between"
                        + " [1, 2^31-1] and the string \"latest\"");
    }

    static ResponseEntity<RegistryError> readOnly(String subject) {
        return of(
                HttpStatus.UNPROCESSABLE_CONTENT,
                42205,
                "Subject '" + subject + "' is in read-only mode: this registry serves the schema history bundled"
                        + " with feedback-pipeline, and only its released versions can be registered.");
    }

    static ResponseEntity<RegistryError> badRequest(String why) {
        return of(HttpStatus.BAD_REQUEST, 400, why);
    }

    static ResponseEntity<RegistryError> withStatus(HttpStatus status, String message) {
        return of(status, status.value(), message);
    }

    private static ResponseEntity<RegistryError> of(HttpStatus status, int code, String message) {
        return ResponseEntity.status(status).body(new RegistryError(code, message));
    }
}
