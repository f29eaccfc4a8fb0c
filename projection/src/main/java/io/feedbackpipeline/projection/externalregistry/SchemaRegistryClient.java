package io.feedbackpipeline.projection.externalregistry;

import io.feedbackpipeline.schemas.registry.ForeignSchema;
import io.feedbackpipeline.schemas.serde.IncompatibleSchemaException;
import io.feedbackpipeline.schemas.serde.SchemaRegistryUnavailableException;
import io.feedbackpipeline.schemas.serde.UnknownSchemaException;
import io.feedbackpipeline.schemas.serde.WriterSchemas;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks a Confluent-compatible schema registry ({@code GET /schemas/ids/{id}}) which schema wrote a record: the
 * gateway's read-only registry API by default, or any external one (Confluent, Apicurio's ccompat API, Karapace,
 * Redpanda). A schema id never changes its schema, so each answer is kept for good; only a registry that says it
 * does not know the id (404 with error code 40403) makes the record bad data, every other failure is an outage.
 */
public final class SchemaRegistryClient implements WriterSchemas {

    /** Confluent's error code for "Schema not found". */
    static final int SCHEMA_NOT_FOUND = 40403;

    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/json";

    /** The largest answer read: the bundled schemas are a few KB; a registry's answer beyond this is not one of ours. */
    static final int MAX_ANSWER_BYTES = 1024 * 1024;

    /**
     * @param baseUrl the registry's base, e.g. {@code http://gateway:8080/schema-registry}
     * @param username basic-auth user for a registry that needs one; blank for none
     */
    public record Settings(URI baseUrl, Duration timeout, String username, String password) {

        public static Settings of(String baseUrl, Duration timeout) {
            return new Settings(URI.create(baseUrl), timeout, "", "");
        }
    }

    private final Settings settings;
    private final URI base;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<Integer, Schema> known = new ConcurrentHashMap<>();

    public SchemaRegistryClient(Settings settings) {
        this.settings = settings;
        String url = settings.baseUrl().toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    @Override
    public Schema byId(int schemaId) {
        Schema schema = known.get(schemaId);
        if (schema == null) {
            schema = fetch(schemaId);
            known.put(schemaId, schema);
        }
        return schema;
    }

    private Schema fetch(int schemaId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("schemas/ids/" + schemaId))
                .timeout(settings.timeout())
                .header("Accept", ACCEPT)
                .GET();
        if (!settings.username().isBlank()) {
            String credentials = settings.username() + ":" + settings.password();
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        Answer response;
        try {
            HttpResponse<InputStream> streamed = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            response = Answer.read(streamed);
        } catch (IOException e) {
            throw unavailable("cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("was not asked: interrupted", e);
        }
        if (response.statusCode() == 200) {
            if (response.truncated()) {
                throw new IncompatibleSchemaException(
                        schemaId,
                        "is answered with more than %,d bytes: no event schema is that large"
                                .formatted(MAX_ANSWER_BYTES));
            }
            return parse(schemaId, response.body());
        }
        if (response.statusCode() == 404 && errorCode(response.body()) == SCHEMA_NOT_FOUND) {
            throw UnknownSchemaException.ofSchemaId(
                    schemaId, "the schema registry at " + base + " does not know it (" + SCHEMA_NOT_FOUND + ")");
        }
        throw unavailable(
                "answered %d for schema id %d: %s".formatted(response.statusCode(), schemaId, excerpt(response)), null);
    }

    private Schema parse(int schemaId, String body) {
        JsonNode answer;
        try {
            answer = json.readTree(body);
        } catch (JacksonException e) {
            throw unavailable("answered 200 with a body that is not JSON: " + excerpt(body), e);
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isString()) {
            throw unavailable("answered 200 without a schema: " + excerpt(body), null);
        }
        JsonNode type = answer.get("schemaType");
        if (type != null && type.isString() && !"AVRO".equals(type.asString())) {
            throw new IncompatibleSchemaException(schemaId, "is a " + type.asString() + " schema, not Avro");
        }
        try {
            return ForeignSchema.parse(text.asString());
        } catch (ForeignSchema.Refused e) {
            // Whatever is refused (too large, a syntax error, an invalid default) is the record's schema at fault:
            // dead-lettered, never retried as an outage.
            throw new IncompatibleSchemaException(schemaId, "is not a valid Avro schema: " + e.getMessage());
        }
    }

    private int errorCode(String body) {
        try {
            JsonNode code = json.readTree(body).get("error_code");
            return code != null && code.isInt() ? code.asInt() : -1;
        } catch (JacksonException e) {
            return -1;
        }
    }

    private SchemaRegistryUnavailableException unavailable(String what, Throwable cause) {
        return new SchemaRegistryUnavailableException("the schema registry at " + base + " " + what, cause);
    }

    private static String excerpt(Answer response) {
        return excerpt(response.body());
    }

    /**
     * A registry's answer, its body read up to {@link #MAX_ANSWER_BYTES}: a registry cannot make the processor hold any
     * amount of memory. A 200 answer cut short is refused as the record's fault; an error page cut short is still
     * an error (an outage).
     */
    private record Answer(int statusCode, String body, boolean truncated) {

        static Answer read(HttpResponse<InputStream> response) throws IOException {
            try (InputStream body = response.body()) {
                byte[] bytes = body.readNBytes(MAX_ANSWER_BYTES + 1);
                boolean truncated = bytes.length > MAX_ANSWER_BYTES;
                int length = Math.min(bytes.length, MAX_ANSWER_BYTES);
                return new Answer(
                        response.statusCode(), new String(bytes, 0, length, StandardCharsets.UTF_8), truncated);
            }
        }
    }

    private static String excerpt(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "...";
    }
}
