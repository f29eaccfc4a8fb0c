package io.feedbackpipeline.gateway.nativeapi;

import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.ProjectScope;
import io.feedbackpipeline.gateway.auth.RequiresScope;
import io.feedbackpipeline.gateway.completionlog.CompletionLogReader;
import io.feedbackpipeline.gateway.completionlog.CompletionLogView;
import io.feedbackpipeline.gateway.completionlog.PublishCompletionLog;
import io.feedbackpipeline.gateway.http.BodyType;
import io.feedbackpipeline.gateway.http.GatewayException;
import io.feedbackpipeline.gateway.http.JsonBodies;
import io.feedbackpipeline.gateway.http.RequestIdFilter;
import io.feedbackpipeline.gateway.idempotency.IdempotencyKeys;
import io.feedbackpipeline.gateway.publish.Accepted;
import io.feedbackpipeline.gateway.receipt.EventLocations;
import io.feedbackpipeline.jsoncontract.CompletionLogInput;
import io.feedbackpipeline.jsoncontract.CompletionLogJson;
import io.feedbackpipeline.jsoncontract.Violations;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Completion logs in Baseplate's field names: publish one ({@code CompletionLogged}), or read one with all its
 * feedback.
 */
@RestController
class CompletionLogsController {

    private final ProjectScope scope;
    private final JsonBodies bodies;
    private final PublishCompletionLog publishLog;
    private final CompletionLogReader reader;

    private final EventLocations locations;

    CompletionLogsController(
            ProjectScope scope,
            JsonBodies bodies,
            PublishCompletionLog publishLog,
            CompletionLogReader reader,
            EventLocations locations) {
        this.locations = locations;
        this.scope = scope;
        this.bodies = bodies;
        this.publishLog = publishLog;
        this.reader = reader;
    }

    @Operation(summary = "Publish a completion log (scope logs: prompts and completions are a backend's to write)")
    @RequiresScope(ApiKeyScope.LOGS)
    @PostMapping("/v1/completion-logs")
    CompletableFuture<ResponseEntity<Accepted>> publish(
            Caller caller,
            HttpServletRequest request,
            @RequestHeader(value = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        JsonNode body = bodies.object(request, BodyType.JSON);
        Violations violations = new Violations();
        CompletionLogInput log = CompletionLogJson.read(body, violations);
        violations.throwIfAny();
        if (log.endpointId() != null) {
            scope.requireEndpoint(caller, log.endpointId().toString());
        }
        return publishLog
                .publish(caller, log, RequestIdFilter.of(request), idempotencyKey)
                .thenApply(identity -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .location(locations.of(identity.eventId()))
                        .body(Accepted.of(identity)));
    }

    @Operation(summary = "Read a completion log with all its feedback (Baseplate's log shape)")
    @RequiresScope(ApiKeyScope.READ)
    @GetMapping("/v1/completion-logs/{usage_id}")
    CompletionLogView read(@PathVariable("usage_id") String usageId, Caller caller) {
        return reader.logWithFeedback(caller.projectId(), usageId)
                .orElseThrow(() -> new GatewayException(
                        HttpStatus.NOT_FOUND, "This project has no completion log " + usageId + "."));
    }
}
