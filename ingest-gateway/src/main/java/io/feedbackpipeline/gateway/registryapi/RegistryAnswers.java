package io.feedbackpipeline.gateway.registryapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.feedbackpipeline.schemas.registry.RegisteredSchema;

/** The registry API's answers, field for field as a Confluent schema registry writes them (Avro omits schemaType). */
final class RegistryAnswers {

    private RegistryAnswers() {}

    /** A subject's version, as {@code GET /subjects/{subject}/versions/{version}} and the lookup answer it. */
    record Version(
            @JsonProperty("subject") String subject,
            @JsonProperty("version") int version,
            @JsonProperty("id") int id,
            @JsonProperty("schema") String schema) {

        static Version of(RegisteredSchema registered) {
            return new Version(
                    registered.subject(),
                    registered.version(),
                    registered.id(),
                    registered.schema().toString());
        }
    }

    record SchemaText(@JsonProperty("schema") String schema) {}

    record Id(@JsonProperty("id") int id) {}

    record SubjectVersion(
            @JsonProperty("subject") String subject,
            @JsonProperty("version") int version) {}

    record Compatibility(@JsonProperty("compatibilityLevel") String compatibilityLevel) {}

    record Mode(@JsonProperty("mode") String mode) {}
}
