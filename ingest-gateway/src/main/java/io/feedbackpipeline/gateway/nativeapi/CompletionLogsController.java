package io.feedbackpipeline.gateway.nativeapi;

import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.catalog.FeedbackRules;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.ProjectScope;
import io.feedbackpipeline.gateway.auth.RequiresScope;
import io.feedbackpipeline.gateway.completionlog.CompletionLogInput;
import io.feedbackpipeline.gateway.completionlog.CompletionLogReader;
import io.feedbackpipeline.gateway.completionlog.PublishCompletionLog;
import io.feedbackpipeline.gateway.http.BodyType;
import io.feedbackpipeline.gateway.http.GatewayException;
import io.feedbackpipeline.gateway.http.JsonBodies;
import io.feedbackpipeline.gateway.http.JsonFields;
import io.feedbackpipeline.gateway.http.RequestIdFilter;
import io.feedbackpipeline.gateway.http.Violations;
import io.feedbackpipeline.gateway.idempotency.IdempotencyKeys;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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

    private static final Set<String> FIELDS = Set.of(
            "usage_id",
            "endpoint_id",
            "user_id",
            "timestamp",
            "openai_name",
            "cost",
            "prompt",
            "completion",
            "temp",
            "managed",
            "template_id",
            "values");

    private final ProjectScope scope;
    private final JsonBodies bodies;
    private final PublishCompletionLog publishLog;
    private final CompletionLogReader reader;

    CompletionLogsController(
            ProjectScope scope, JsonBodies bodies, PublishCompletionLog publishLog, CompletionLogReader reader) {
        this.scope = scope;
        this.bodies = bodies;
        this.publishLog = publishLog;
        this.reader = reader;
    }

    @Operation(summary = "Publish a completion log (scope logs: prompts and completions are a backend's to write)")
    @RequiresScope(ApiKeyScope.LOGS)
    @PostMapping("/v1/completion-logs")
    CompletableFuture<ResponseEntity<Map<String, Object>>> publish(
            Caller caller,
            HttpServletRequest request,
            @RequestHeader(value = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        JsonNode body = bodies.object(request, BodyType.JSON);
        Violations violations = new Violations();
        JsonFields fields = JsonFields.of(body, violations);
        fields.rejectUnknown(FIELDS);
        CompletionLogInput log = new CompletionLogInput(
                fields.requiredString("usage_id", FeedbackRules.USAGE_ID_MAX_LENGTH),
                fields.optionalUuid("endpoint_id"),
                fields.optionalString("user_id", FeedbackRules.SHORT_TEXT_MAX_LENGTH),
                fields.optionalInstant("timestamp"),
                fields.optionalString("openai_name", FeedbackRules.SHORT_TEXT_MAX_LENGTH),
                fields.optionalNumber("cost"),
                fields.optionalString("prompt", FeedbackRules.LONG_TEXT_MAX_LENGTH),
                fields.optionalString("completion", FeedbackRules.LONG_TEXT_MAX_LENGTH),
                fields.optionalNumber("temp"),
                fields.optionalBoolean("managed"),
                fields.optionalString("template_id", FeedbackRules.SHORT_TEXT_MAX_LENGTH),
                values(fields.optionalObject("values"), fields));
        violations.throwIfAny();
        if (log.endpointId() != null) {
            scope.requireEndpoint(caller, log.endpointId().toString());
        }
        return publishLog
                .publish(caller, log, RequestIdFilter.of(request), idempotencyKey)
                .thenApply(identity -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .body(Map.of("event_id", identity.eventId().toString(), "status", "accepted")));
    }

    @Operation(summary = "Read a completion log with all its feedback (Baseplate's log shape)")
    @RequiresScope(ApiKeyScope.READ)
    @GetMapping("/v1/completion-logs/{usage_id}")
    Map<String, Object> read(@PathVariable("usage_id") String usageId, Caller caller) {
        return reader.logWithFeedback(caller.projectId(), usageId)
                .orElseThrow(() -> new GatewayException(
                        HttpStatus.NOT_FOUND, "This project has no completion log " + usageId + "."));
    }

    private static Map<String, String> values(JsonNode values, JsonFields fields) {
        Map<String, String> out = new LinkedHashMap<>();
        if (values == null) {
            return out;
        }
        for (String name : values.propertyNames()) {
            JsonNode value = values.get(name);
            if (value.isString()) {
                out.put(name, value.stringValue());
            } else {
                fields.violate("values." + name, "must be a string");
            }
        }
        return out;
    }
}
