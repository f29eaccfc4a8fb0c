package io.feedbackpipeline.gateway.browser;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.catalog.FeedbackRules;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.FeedbackTokenAuthority;
import io.feedbackpipeline.gateway.auth.RequiresScope;
import io.feedbackpipeline.gateway.feedback.FeedbackTypeCatalog;
import io.feedbackpipeline.gateway.http.BodyType;
import io.feedbackpipeline.gateway.http.JsonBodies;
import io.feedbackpipeline.jsoncontract.JsonFields;
import io.feedbackpipeline.jsoncontract.Violations;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/feedback-tokens}: a backend with an ingest key asks for a token that lets one page send feedback on
 * one usage_id, and hands it to the browser. The token is answered once and never stored.
 */
@RestController
class FeedbackTokensController {

    private static final Set<String> FIELDS = Set.of("usage_id", "feedback_type_ids", "end_user_id", "expires_in");
    private static final int MAX_TYPES = 50;

    private final FeedbackTokenAuthority authority;
    private final FeedbackTypeCatalog types;
    private final JsonBodies bodies;

    FeedbackTokensController(FeedbackTokenAuthority authority, FeedbackTypeCatalog types, JsonBodies bodies) {
        this.authority = authority;
        this.types = types;
        this.bodies = bodies;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IssuedTokenView(
            @JsonProperty("token") String token,
            @JsonProperty("token_id") String tokenId,
            @JsonProperty("usage_id") String usageId,
            @JsonProperty("feedback_type_ids") List<Integer> feedbackTypeIds,
            @JsonProperty("end_user_id") String endUserId,
            @JsonProperty("expires_at") Instant expiresAt) {}

    @Operation(
            summary = "Issue a feedback token for a browser",
            description = "A token that lets a web page send feedback on one usage_id, as the bearer credential of"
                    + " POST /api/v2/rate/{feedback_type_id}/{completion_id} and POST /v1/feedback, from an origin"
                    + " the project allows. Fields: usage_id (required), feedback_type_ids (optional; all the"
                    + " project's types when absent), end_user_id (optional, recorded with the feedback), expires_in"
                    + " (seconds; default 3600, at most 86400). The token cannot rate another completion, read"
                    + " anything or outlive its expiry.")
    @RequiresScope(ApiKeyScope.INGEST)
    @PostMapping("/v1/feedback-tokens")
    ResponseEntity<IssuedTokenView> issue(Caller caller, HttpServletRequest request) {
        JsonNode body = bodies.object(request, BodyType.JSON);
        Violations violations = new Violations();
        JsonFields fields = JsonFields.of(body, violations);
        fields.rejectUnknown(FIELDS);
        String usageId = fields.requiredString("usage_id");
        if (usageId != null) {
            FeedbackRules.checkUsageId(usageId).forEach(p -> fields.violate(p.field(), p.reason()));
        }
        String endUserId = fields.optionalString("end_user_id");
        FeedbackRules.checkText("end_user_id", endUserId, FeedbackRules.SHORT_TEXT_MAX_LENGTH)
                .forEach(p -> fields.violate(p.field(), p.reason()));
        Set<Integer> typeIds = typeIds(caller, body.get("feedback_type_ids"), fields);
        Duration lifetime = lifetime(body.get("expires_in"), fields);
        violations.throwIfAny();
        FeedbackTokenAuthority.IssuedToken issued = authority.issue(caller, usageId, typeIds, endUserId, lifetime);
        return ResponseEntity.status(HttpStatus.CREATED)
                .cacheControl(CacheControl.noStore())
                .body(new IssuedTokenView(
                        issued.token(),
                        issued.grant().tokenId(),
                        usageId,
                        typeIds.isEmpty() ? null : List.copyOf(new TreeSet<>(typeIds)),
                        endUserId,
                        issued.grant().expiresAt()));
    }

    private Set<Integer> typeIds(Caller caller, JsonNode node, JsonFields fields) {
        Set<Integer> ids = new TreeSet<>();
        if (node == null || node.isNull()) {
            return ids;
        }
        if (!node.isArray() || node.isEmpty() || node.size() > MAX_TYPES) {
            fields.violate("feedback_type_ids", "must be a non-empty array of at most " + MAX_TYPES + " integers");
            return ids;
        }
        for (int index = 0; index < node.size(); index++) {
            JsonNode id = node.get(index);
            String field = "feedback_type_ids[" + index + "]";
            if (!id.isIntegralNumber() || !id.canConvertToInt()) {
                fields.violate(field, "must be an integer");
            } else if (types.find(id.intValue())
                    .filter(type -> type.isVisibleTo(caller.projectId()))
                    .isEmpty()) {
                fields.violate(field, "is not a feedback type of this project");
            } else {
                ids.add(id.intValue());
            }
        }
        return ids;
    }

    private Duration lifetime(JsonNode node, JsonFields fields) {
        if (node == null || node.isNull()) {
            return authority.defaultLifetime();
        }
        long max = authority.maxLifetime().toSeconds();
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 1 || node.longValue() > max) {
            fields.violate("expires_in", "must be a whole number of seconds from 1 to " + max);
            return authority.defaultLifetime();
        }
        return Duration.ofSeconds(node.longValue());
    }
}
