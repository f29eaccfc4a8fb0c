package io.feedbackpipeline.gateway.nativeapi;

import io.feedbackpipeline.catalog.FeedbackRules;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.ProjectScope;
import io.feedbackpipeline.gateway.completionlog.CompletionLogReader;
import io.feedbackpipeline.gateway.http.BodyType;
import io.feedbackpipeline.gateway.http.GatewayException;
import io.feedbackpipeline.gateway.http.JsonFields;
import io.feedbackpipeline.gateway.http.RequestBodies;
import io.feedbackpipeline.gateway.http.RequestIdFilter;
import io.feedbackpipeline.gateway.http.StrictJson;
import io.feedbackpipeline.gateway.http.Violations;
import io.feedbackpipeline.gateway.idempotency.IdempotencyKeys;
import io.feedbackpipeline.gateway.idempotency.IdempotencyKeys.Identity;
import io.feedbackpipeline.gateway.publish.EventPublisher;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.contract.Topics;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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

    private static final Set<String> FIELDS = Set.of("usage_id", "endpoint_id", "user_id", "timestamp",
            "openai_name", "cost", "prompt", "completion", "temp", "managed", "template_id", "values");
    private static final int TEXT_LIMIT = 1_000_000;
    private static final int SHORT_TEXT_LIMIT = 255;

    private final ProjectScope scope;
    private final RequestBodies bodies;
    private final StrictJson json;
    private final IdempotencyKeys idempotencyKeys;
    private final EventPublisher publisher;
    private final CompletionLogReader reader;
    private final Clock clock;

    CompletionLogsController(ProjectScope scope, RequestBodies bodies, StrictJson json,
            IdempotencyKeys idempotencyKeys, EventPublisher publisher, CompletionLogReader reader, Clock clock) {
        this.scope = scope;
        this.bodies = bodies;
        this.json = json;
        this.idempotencyKeys = idempotencyKeys;
        this.publisher = publisher;
        this.reader = reader;
        this.clock = clock;
    }

    @Operation(summary = "Publish a completion log")
    @PostMapping("/v1/completion-logs")
    ResponseEntity<Map<String, Object>> publish(Caller caller, HttpServletRequest request,
            @RequestHeader(value = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        BodyType.of(request, List.of(BodyType.JSON));
        JsonNode body = json.object(bodies.read(request));
        Violations violations = new Violations();
        JsonFields fields = JsonFields.of(body, violations);
        fields.rejectUnknown(FIELDS);
        String usageId = fields.requiredString("usage_id", TEXT_LIMIT);
        if (usageId != null) {
            FeedbackRules.checkUsageId(usageId).forEach(p -> fields.violate(p.field(), p.reason()));
        }
        UUID endpoint = fields.optionalUuid("endpoint_id");
        Instant timestamp = fields.optionalInstant("timestamp");
        Map<String, String> values = values(fields.optionalObject("values"), fields);
        String userId = fields.optionalString("user_id", SHORT_TEXT_LIMIT);
        String model = fields.optionalString("openai_name", SHORT_TEXT_LIMIT);
        Double cost = fields.optionalNumber("cost");
        String prompt = fields.optionalString("prompt", TEXT_LIMIT);
        String completion = fields.optionalString("completion", TEXT_LIMIT);
        Double temperature = fields.optionalNumber("temp");
        Boolean managed = fields.optionalBoolean("managed");
        String templateId = fields.optionalString("template_id", SHORT_TEXT_LIMIT);
        violations.throwIfAny();
        if (endpoint != null) {
            scope.requireEndpoint(caller, endpoint.toString());
        }
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        Identity identity = idempotencyKeys.identity(caller.projectId(), idempotencyKey,
                "completion-log|" + body, new Identity(UUID.randomUUID(), now));
        CompletionLogged event = CompletionLogged.newBuilder()
                .setEventId(identity.eventId())
                .setEmittedAt(identity.receivedAt())
                .setUsageId(usageId)
                .setProjectId(caller.projectId())
                .setEndpointId(endpoint)
                .setUserId(userId)
                .setCreatedAt(timestamp != null ? timestamp.truncatedTo(ChronoUnit.MICROS) : identity.receivedAt())
                .setModel(model)
                .setCost(cost)
                .setPrompt(prompt)
                .setCompletion(completion)
                .setTemperature(temperature)
                .setManaged(managed)
                .setTemplateId(templateId)
                .setValues(values)
                .setRequestId(RequestIdFilter.of(request))
                .build();
        publisher.publish(Topics.COMPLETION_LOGS.name(), usageId, event, Map.of(
                "request-id", RequestIdFilter.of(request), "event-id", identity.eventId().toString()));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(Map.of("event_id", identity.eventId().toString(), "status", "accepted"));
    }

    @Operation(summary = "Read a completion log with all its feedback (Baseplate's log shape)")
    @GetMapping("/v1/completion-logs/{usage_id}")
    Map<String, Object> read(@PathVariable("usage_id") String usageId, Caller caller) {
        return reader.logWithFeedback(caller.projectId(), usageId)
                .orElseThrow(() -> new GatewayException(HttpStatus.NOT_FOUND,
                        "This project has no completion log " + usageId + "."));
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
