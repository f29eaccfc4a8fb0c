package io.feedbackpipeline.gateway.registryapi;

import io.feedbackpipeline.gateway.http.BodyType;
import io.feedbackpipeline.gateway.http.JsonBodies;
import io.feedbackpipeline.schemas.registry.BundledRegistry;
import io.feedbackpipeline.schemas.registry.ForeignSchema;
import io.feedbackpipeline.schemas.registry.RegisteredSchema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A read-only, Confluent-compatible schema registry API over the schema history bundled with this build, so that a
 * team producing with Confluent's serializers needs no registry of its own: lookups and "registrations" of a
 * released version answer its stable id, anything else is refused as a read-only registry would. Schemas are the
 * public contract, so the API needs no key (as {@code /v3/api-docs}); what anyone may send it is bounded: a body of
 * at most {@code max-registry-body-size}, read within the JSON constraints of every body, a schema of at most
 * {@link ForeignSchema#MAX_TOKENS} tokens, and a rate per client address ({@link RegistryThrottle}).
 */
@RestController
@Tag(
        name = "schema registry",
        description = "Read-only, Confluent-compatible: the bundled schema history for producers that use"
                + " Confluent's serializers (docs/direct-producers.md)")
@RequestMapping(
        path = BundledRegistry.SERVED_AT,
        produces = {SchemaRegistryController.REGISTRY_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE})
class SchemaRegistryController {

    static final String REGISTRY_JSON_VALUE = "application/vnd.schemaregistry.v1+json";
    private static final String AVRO = "AVRO";

    private final BundledRegistry registry = BundledRegistry.ofPipeline();
    private final JsonBodies bodies;

    SchemaRegistryController(JsonBodies bodies) {
        this.bodies = bodies;
    }

    @GetMapping("/subjects")
    List<String> subjects() {
        return registry.subjects();
    }

    @GetMapping("/subjects/{subject}/versions")
    ResponseEntity<?> versions(@PathVariable String subject) {
        List<RegisteredSchema> versions = registry.versions(subject);
        if (versions.isEmpty()) {
            return RegistryError.subjectNotFound(subject);
        }
        return ok(versions.stream().map(RegisteredSchema::version).toList());
    }

    @GetMapping("/subjects/{subject}/versions/{version}")
    ResponseEntity<?> version(@PathVariable String subject, @PathVariable String version) {
        return resolve(subject, version).answer(RegistryAnswers.Version::of);
    }

    @GetMapping("/subjects/{subject}/versions/{version}/schema")
    ResponseEntity<?> versionSchema(@PathVariable String subject, @PathVariable String version) {
        return resolve(subject, version)
                .answer(registered -> registered.schema().toString());
    }

    @GetMapping("/schemas/ids/{id}")
    ResponseEntity<?> schema(@PathVariable int id) {
        return registry.schema(id)
                .<ResponseEntity<?>>map(schema -> ok(new RegistryAnswers.SchemaText(schema.toString())))
                .orElseGet(() -> RegistryError.schemaNotFound("no schema has id " + id));
    }

    @GetMapping("/schemas/ids/{id}/versions")
    ResponseEntity<?> schemaVersions(@PathVariable int id) {
        List<RegistryAnswers.SubjectVersion> uses = registry.subjects().stream()
                .flatMap(subject -> registry.versions(subject).stream())
                .filter(registered -> registered.id() == id)
                .map(registered -> new RegistryAnswers.SubjectVersion(registered.subject(), registered.version()))
                .toList();
        return uses.isEmpty() ? RegistryError.schemaNotFound("no schema has id " + id) : ok(uses);
    }

    @GetMapping("/schemas/types")
    List<String> schemaTypes() {
        return List.of(AVRO);
    }

    /** Which version of the subject a schema is: how a client finds the id of a schema it already has. */
    @PostMapping(path = "/subjects/{subject}", consumes = MediaType.ALL_VALUE)
    ResponseEntity<?> lookup(@PathVariable String subject, HttpServletRequest http) {
        return find(
                        subject,
                        SchemaRequest.of(bodies.object(http, BodyType.JSON, BodyType.NONE)),
                        () -> RegistryError.schemaNotFound("it is no version of '" + subject + "'"))
                .answer(RegistryAnswers.Version::of);
    }

    /** Registration, read-only: a released version answers its existing id, any other schema is refused. */
    @PostMapping(path = "/subjects/{subject}/versions", consumes = MediaType.ALL_VALUE)
    ResponseEntity<?> register(@PathVariable String subject, HttpServletRequest http) {
        return find(
                        subject,
                        SchemaRequest.of(bodies.object(http, BodyType.JSON, BodyType.NONE)),
                        () -> RegistryError.readOnly(subject))
                .answer(registered -> new RegistryAnswers.Id(registered.id()));
    }

    @GetMapping("/config")
    RegistryAnswers.Compatibility config() {
        return new RegistryAnswers.Compatibility(BundledRegistry.COMPATIBILITY_LEVEL);
    }

    /** Every subject is held to the same rule as the whole history. */
    @GetMapping("/config/{subject}")
    ResponseEntity<?> subjectConfig(@PathVariable String subject) {
        return registry.versions(subject).isEmpty() ? RegistryError.subjectNotFound(subject) : ok(config());
    }

    @GetMapping("/mode")
    RegistryAnswers.Mode mode() {
        return new RegistryAnswers.Mode("READONLY");
    }

    private Resolved resolve(String subject, String version) {
        if (registry.versions(subject).isEmpty()) {
            return Resolved.failed(RegistryError.subjectNotFound(subject));
        }
        if ("latest".equals(version) || "-1".equals(version)) {
            return Resolved.of(registry.latest(subject).orElseThrow());
        }
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            return Resolved.failed(RegistryError.invalidVersion(version));
        }
        if (number < 1) {
            return Resolved.failed(RegistryError.invalidVersion(version));
        }
        return registry.version(subject, number)
                .map(Resolved::of)
                .orElseGet(() -> Resolved.failed(RegistryError.versionNotFound(subject, version)));
    }

    private Resolved find(
            String subject, SchemaRequest request, Supplier<ResponseEntity<RegistryError>> whenNoVersion) {
        if (registry.versions(subject).isEmpty()) {
            return Resolved.failed(RegistryError.subjectNotFound(subject));
        }
        if (request.schemaType() != null && !AVRO.equals(request.schemaType())) {
            return Resolved.failed(
                    RegistryError.invalidSchema("only AVRO schemas are served, not " + request.schemaType()));
        }
        if (request.schema() == null || request.schema().isBlank()) {
            return Resolved.failed(RegistryError.invalidSchema("the request has no schema"));
        }
        Schema schema;
        try {
            schema = ForeignSchema.parse(request.schema());
        } catch (ForeignSchema.Refused e) {
            return Resolved.failed(RegistryError.invalidSchema(e.getMessage()));
        }
        return registry.find(subject, schema).map(Resolved::of).orElseGet(() -> Resolved.failed(whenNoVersion.get()));
    }

    /** A version found, or the registry error that answers instead. */
    private record Resolved(RegisteredSchema registered, ResponseEntity<RegistryError> error) {

        static Resolved of(RegisteredSchema registered) {
            return new Resolved(registered, null);
        }

        static Resolved failed(ResponseEntity<RegistryError> error) {
            return new Resolved(null, error);
        }

        ResponseEntity<?> answer(Function<RegisteredSchema, Object> body) {
            return error != null ? error : ok(body.apply(registered));
        }
    }

    private static ResponseEntity<?> ok(Object body) {
        return ResponseEntity.ok(body);
    }
}
