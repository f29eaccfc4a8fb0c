package io.feedbackpipeline.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Loads the OpenAPI document the gateway serves with an OpenAPI parser and checks it against the seed's own
 * (src/test/resources/seed, copied from Paradigm's documentation): a client generated from the seed must find the
 * same operation, parameters, content types and body fields in ours.
 */
@GatewayIT
class OpenApiContractIT extends GatewayTestBase {

    private static final String PARADIGM = "/api/v2/rate/{feedback_type_id}/{completion_id}";

    private OpenAPI ours;
    private OpenAPI seed;

    @BeforeEach
    void load() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolveFully(true);
        var served = new OpenAPIV3Parser()
                .readContents(http.get("/v3/api-docs", null).body(), null, options);
        assertThat(served.getMessages()).as("our document parses cleanly").isEmpty();
        ours = served.getOpenAPI();
        try (InputStream in = getClass().getResourceAsStream("/seed/paradigm-api_v2_rate_create.yaml")) {
            seed = new OpenAPIV3Parser()
                    .readContents(new String(in.readAllBytes(), StandardCharsets.UTF_8), null, options)
                    .getOpenAPI();
        }
    }

    @Test
    @DisplayName("the seed's Paradigm operation is contained in ours: id, parameters, content types, body fields")
    void seedParadigmOperationIsContained() {
        Operation theirs = seed.getPaths().get(PARADIGM).getPost();
        Operation mine = ours.getPaths().get(PARADIGM).getPost();
        assertThat(mine).as("our document has POST " + PARADIGM).isNotNull();
        assertThat(mine.getOperationId()).isEqualTo(theirs.getOperationId());

        for (Parameter expected : theirs.getParameters()) {
            Parameter actual = mine.getParameters().stream()
                    .filter(p ->
                            p.getName().equals(expected.getName()) && p.getIn().equals(expected.getIn()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no parameter " + expected.getName()));
            assertThat(actual.getRequired()).as(expected.getName()).isEqualTo(expected.getRequired());
            assertThat(types(actual.getSchema())).as(expected.getName()).isEqualTo(types(expected.getSchema()));
        }

        Map<String, MediaType> myContent = mine.getRequestBody().getContent();
        theirs.getRequestBody().getContent().forEach((contentType, media) -> {
            assertThat(myContent).as("content type " + contentType).containsKey(contentType);
            Map<String, Schema<?>> myFields =
                    properties(myContent.get(contentType).getSchema());
            properties(media.getSchema()).forEach((field, expected) -> {
                Schema<?> actual = myFields.get(field);
                assertThat(actual).as(contentType + " field " + field).isNotNull();
                if (expected.getOneOf() != null) {
                    assertThat(actual.getOneOf()).as(field).hasSameSizeAs(expected.getOneOf());
                    assertThat(actual.getReadOnly()).as(field + " read-only").isEqualTo(expected.getReadOnly());
                    return;
                }
                assertThat(types(actual)).as(contentType + " " + field).isEqualTo(types(expected));
                assertThat(actual.getFormat()).as(field + " format").isEqualTo(expected.getFormat());
                assertThat(actual.getMaxLength()).as(field + " maxLength").isEqualTo(expected.getMaxLength());
                assertThat(nullable(actual)).as(field + " nullable").isEqualTo(nullable(expected));
            });
        });
        theirs.getResponses()
                .keySet()
                .forEach(status -> assertThat(mine.getResponses()).containsKey(status));
        assertThat(mine.getParameters())
                .as("the caller comes from the API key, not a parameter")
                .extracting(Parameter::getName)
                .containsExactlyInAnyOrder("feedback_type_id", "completion_id", "Idempotency-Key");
    }

    @Test
    @DisplayName("every API route documents its refusals as problem+json, and Baseplate its 200 and 202")
    void everyRouteDocumentsItsRefusals() {
        ours.getPaths()
                .forEach((path, item) -> item.readOperations().forEach(operation -> {
                    if (path.startsWith("/endpoints/") || path.startsWith("/api/") || path.startsWith("/v1/")) {
                        for (String status : Set.of("400", "401", "415", "503")) {
                            assertThat(operation.getResponses())
                                    .as(path + " " + status)
                                    .containsKey(status);
                            assertThat(operation.getResponses().get(status).getContent())
                                    .as(path + " " + status)
                                    .containsKey("application/problem+json");
                        }
                        assertThat(operation.getSecurity())
                                .as(path + " needs a Bearer key")
                                .isNotEmpty();
                    }
                }));
        assertThat(ours.getPaths().get("/endpoints/{id}/logs").getPatch().getResponses())
                .containsKeys("200", "202");
    }

    @Test
    @DisplayName("the batch limit the document states is the gateway's configured one, not a number of its own")
    void itemLimitIsTheConfiguredOne() {
        Schema<?> baseplate = ours.getComponents().getSchemas().get("BaseplateRating");
        assertThat(properties(baseplate).get("logs").getMaxItems()).isEqualTo(HttpParts.LIMITS.maxItems());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Map<String, Schema<?>> properties(Schema<?> schema) {
        return (Map) schema.getProperties();
    }

    /** The schema's types without "null": OpenAPI 3.0 says nullable, 3.1 adds "null" to the types. */
    private static Set<String> types(Schema<?> schema) {
        Set<String> types = new HashSet<>();
        if (schema.getTypes() != null) {
            types.addAll(schema.getTypes());
        } else if (schema.getType() != null) {
            types.add(schema.getType());
        }
        types.remove("null");
        return types;
    }

    private static boolean nullable(Schema<?> schema) {
        return Boolean.TRUE.equals(schema.getNullable())
                || (schema.getTypes() != null && schema.getTypes().contains("null"));
    }
}
