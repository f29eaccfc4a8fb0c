package io.feedbackpipeline.gateway.nativeapi;

import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.gateway.auth.AcceptsFeedbackTokens;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.ProjectScope;
import io.feedbackpipeline.gateway.auth.RequiresScope;
import io.feedbackpipeline.gateway.feedback.Submission;
import io.feedbackpipeline.gateway.feedback.SubmitFeedback;
import io.feedbackpipeline.gateway.http.BodyType;
import io.feedbackpipeline.gateway.http.JsonBodies;
import io.feedbackpipeline.gateway.http.RequestIdFilter;
import io.feedbackpipeline.gateway.http.RequestLimits;
import io.feedbackpipeline.gateway.idempotency.IdempotencyKeys;
import io.feedbackpipeline.gateway.publish.Accepted;
import io.feedbackpipeline.gateway.publish.Submissions;
import io.feedbackpipeline.gateway.receipt.EventLocations;
import io.feedbackpipeline.jsoncontract.FeedbackInput;
import io.feedbackpipeline.jsoncontract.JsonFields;
import io.feedbackpipeline.jsoncontract.NativeFeedbackJson;
import io.feedbackpipeline.jsoncontract.Violations;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/feedback}: a batch of feedback across usage_ids and types, published as one FeedbackBatch.
 * Items may carry their own {@code occurred_at} (offline labelling); the event rules refuse one in the future,
 * since the latest occurred_at wins a register.
 */
@RestController
class NativeFeedbackController {

    private static final Set<String> BATCH_FIELDS = Set.of("endpoint_id", "items");

    private final ProjectScope scope;
    private final JsonBodies bodies;
    private final SubmitFeedback submitFeedback;
    private final RequestLimits limits;
    private final EventLocations locations;

    NativeFeedbackController(
            ProjectScope scope,
            JsonBodies bodies,
            SubmitFeedback submitFeedback,
            RequestLimits limits,
            EventLocations locations) {
        this.locations = locations;
        this.scope = scope;
        this.bodies = bodies;
        this.submitFeedback = submitFeedback;
        this.limits = limits;
    }

    @Operation(summary = "Submit a batch of feedback items")
    @RequiresScope(ApiKeyScope.INGEST)
    @AcceptsFeedbackTokens
    @PostMapping("/v1/feedback")
    CompletableFuture<ResponseEntity<Accepted>> submit(
            Caller caller,
            HttpServletRequest request,
            @RequestHeader(value = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        JsonNode body = bodies.object(request, BodyType.JSON);
        Violations violations = new Violations();
        JsonFields batch = JsonFields.of(body, violations);
        batch.rejectUnknown(BATCH_FIELDS);
        UUID endpoint = batch.optionalUuid("endpoint_id");
        List<FeedbackInput> items = NativeFeedbackJson.items(body.get("items"), limits.maxItems(), violations);
        if (items.isEmpty()) {
            violations.throwIfAny();
        }
        if (endpoint != null) {
            scope.requireEndpoint(caller, endpoint.toString());
        }
        Submissions.Prepared<FeedbackBatch> prepared = submitFeedback.prepare(
                caller,
                new Submission(
                        endpoint,
                        FeedbackSource.NATIVE_API,
                        RequestIdFilter.of(request),
                        kafkaKey(caller, endpoint, items),
                        items,
                        idempotencyKey),
                violations);
        return submitFeedback
                .publish(prepared)
                .thenApply(accepted -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .location(locations.of(accepted.eventId()))
                        .body(Accepted.of(accepted, items.size())));
    }

    /** One usage_id: key by it; otherwise by endpoint or project. Keys only spread load. */
    private static String kafkaKey(Caller caller, UUID endpoint, List<FeedbackInput> items) {
        String first = items.get(0).usageId();
        if (first != null && items.stream().allMatch(item -> first.equals(item.usageId()))) {
            return first;
        }
        return endpoint != null ? endpoint.toString() : caller.projectId().toString();
    }
}
