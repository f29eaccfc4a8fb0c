package io.feedbackpipeline.gateway.http;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the annotations cannot say once for every route: the refusals every API route can answer, each an RFC 9457
 * problem+json ({@link ProblemResponses}). Authentication is documented by the auth package.
 */
@Configuration
class OpenApiDocument {

    static final String PROBLEM = "Problem";
    private static final Map<String, String> REFUSALS = refusalDescriptions();

    /**
     * The item limit of the batch routes, as this gateway is configured ({@link RequestLimits#maxItems}), so the
     * document never states a number of its own.
     */
    @Bean
    OpenApiCustomizer itemLimits(RequestLimits limits) {
        return openApi -> {
            Components components = openApi.getComponents();
            if (components == null || components.getSchemas() == null) {
                return;
            }
            Schema<?> baseplate = components.getSchemas().get("BaseplateRating");
            if (baseplate != null
                    && baseplate.getProperties() != null
                    && baseplate.getProperties().get("logs") != null) {
                baseplate.getProperties().get("logs").setMaxItems(limits.maxItems());
            }
        };
    }

    @Bean
    OpenApiCustomizer refusals() {
        return openApi -> {
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            openApi.setComponents(components);
            components.addSchemas(PROBLEM, problemSchema());
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperations().forEach(operation -> {
                        if (!PublicRoutes.contains(path)) {
                            addRefusals(operation);
                        }
                    }));
        };
    }

    private static void addRefusals(Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        Content problem = new Content()
                .addMediaType(
                        "application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)));
        REFUSALS.forEach((status, description) -> {
            if (!responses.containsKey(status)) {
                responses.addApiResponse(
                        status, new ApiResponse().description(description).content(problem));
            }
        });
    }

    private static Schema<?> problemSchema() {
        ObjectSchema violation = new ObjectSchema();
        violation.addProperty("index", new IntegerSchema().description("the item's index in the request, if any"));
        violation.addProperty("field", new StringSchema());
        violation.addProperty("reason", new StringSchema());
        ObjectSchema problem = new ObjectSchema();
        problem.description("RFC 9457 problem details");
        problem.addProperty("type", new StringSchema().format("uri"));
        problem.addProperty("title", new StringSchema());
        problem.addProperty("status", new IntegerSchema());
        problem.addProperty("detail", new StringSchema());
        problem.addProperty("instance", new StringSchema().format("uri"));
        problem.addProperty(
                "errors",
                new ArraySchema().items(violation).description("400 only: every reason the request was refused"));
        return problem;
    }

    private static Map<String, String> refusalDescriptions() {
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("400", "Invalid request: every field and reason under errors; nothing was published");
        refusals.put("401", "Unauthorized for project or invalid API key");
        refusals.put("404", "The feedback type, endpoint or log does not exist");
        refusals.put("413", "The body is larger than the limit");
        refusals.put("415", "Unsupported Content-Type");
        refusals.put("422", "Idempotency-Key reused for a different request");
        refusals.put("429", "Above the API key's rate, with Retry-After");
        refusals.put(
                "503",
                "The broker or the database could not serve the request, with Retry-After; retrying"
                        + " with the same Idempotency-Key is safe");
        return refusals;
    }
}
