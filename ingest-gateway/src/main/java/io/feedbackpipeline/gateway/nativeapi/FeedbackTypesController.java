package io.feedbackpipeline.gateway.nativeapi;

import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.catalog.FeedbackRules;
import io.feedbackpipeline.catalog.FeedbackType;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.RequiresScope;
import io.feedbackpipeline.gateway.feedback.FeedbackTypeCatalog;
import io.feedbackpipeline.gateway.http.BodyType;
import io.feedbackpipeline.gateway.http.GatewayException;
import io.feedbackpipeline.gateway.http.JsonBodies;
import io.feedbackpipeline.jsoncontract.JsonFields;
import io.feedbackpipeline.jsoncontract.Violations;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The feedback types a project can use: the built-in ones and its own. */
@RestController
class FeedbackTypesController {

    private static final Set<String> FIELDS = Set.of("name", "kind", "min_value", "max_value");

    private final FeedbackTypeCatalog types;
    private final JsonBodies bodies;

    FeedbackTypesController(FeedbackTypeCatalog types, JsonBodies bodies) {
        this.types = types;
        this.bodies = bodies;
    }

    @Operation(summary = "List the feedback types this project can use")
    @RequiresScope(ApiKeyScope.READ)
    @GetMapping("/v1/feedback-types")
    List<FeedbackTypeView> list(Caller caller) {
        return types.visibleTo(caller.projectId()).stream()
                .map(FeedbackTypeView::of)
                .toList();
    }

    @Operation(summary = "Create a feedback type for this project")
    @RequiresScope(ApiKeyScope.ADMIN)
    @PostMapping("/v1/feedback-types")
    ResponseEntity<FeedbackTypeView> create(Caller caller, HttpServletRequest request) {
        JsonNode body = bodies.object(request, BodyType.JSON);
        Violations violations = new Violations();
        JsonFields fields = JsonFields.of(body, violations);
        fields.rejectUnknown(FIELDS);
        String name = fields.requiredText("name");
        if (name != null) {
            FeedbackRules.checkName("name", name, FeedbackRules.TYPE_NAME_MAX_LENGTH)
                    .forEach(problem -> fields.violate(problem.field(), problem.reason()));
        }
        String kindName = fields.requiredString("kind");
        Double min = fields.optionalNumber("min_value");
        Double max = fields.optionalNumber("max_value");
        FeedbackKind kind = null;
        if (kindName != null) {
            try {
                kind = FeedbackKind.valueOf(kindName);
            } catch (IllegalArgumentException e) {
                fields.violate("kind", "must be one of " + Arrays.toString(FeedbackKind.values()));
            }
        }
        if (kind != null && kind != FeedbackKind.NUMERIC && (min != null || max != null)) {
            fields.violate("min_value", "bounds are only for NUMERIC feedback types");
        }
        if (min != null && max != null && min > max) {
            fields.violate("min_value", "must not be greater than max_value");
        }
        violations.throwIfAny();
        FeedbackType created = types.create(
                        caller.projectId(), "api-key " + caller.keyPrefix(), name.trim(), kind, min, max)
                .orElseThrow(() -> new GatewayException(
                        HttpStatus.CONFLICT,
                        "A feedback type named '" + name.trim() + "' already exists for this project."));
        return ResponseEntity.created(URI.create("/v1/feedback-types/" + created.id()))
                .body(FeedbackTypeView.of(created));
    }
}
