package io.feedbackpipeline.gateway.completionlog;

import io.feedbackpipeline.catalog.EventRules;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.http.Violation;
import io.feedbackpipeline.gateway.http.Violations;
import io.feedbackpipeline.gateway.idempotency.EventIdentity;
import io.feedbackpipeline.gateway.idempotency.IdempotencyKeys;
import io.feedbackpipeline.gateway.publish.EventPublisher;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.contract.EventHeaders;
import io.feedbackpipeline.schemas.contract.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;

/**
 * The path of a completion log: check the event against the rules the processor applies, settle its identity (fresh
 * or the Idempotency-Key's), publish one CompletionLogged keyed by usage_id, and return once the broker acked.
 */
@Service
public class PublishCompletionLog {

    private final EventRules rules;
    private final IdempotencyKeys idempotencyKeys;
    private final EventPublisher publisher;
    private final Clock clock;

    PublishCompletionLog(EventRules rules, IdempotencyKeys idempotencyKeys, EventPublisher publisher, Clock clock) {
        this.rules = rules;
        this.idempotencyKeys = idempotencyKeys;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Completes with the log's identity once the broker acked it. */
    public CompletableFuture<EventIdentity> publish(
            Caller caller, CompletionLogInput input, String requestId, String idempotencyKey) {
        EventIdentity fresh =
                new EventIdentity(UUID.randomUUID(), Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
        CompletionLogged event = toEvent(caller, input, fresh, requestId);
        Violations violations = new Violations();
        for (EventRules.Violation violation : rules.check(event)) {
            violations.add(new Violation(null, violation.field(), violation.reason()));
        }
        violations.throwIfAny();
        EventIdentity identity = idempotencyKeys.identity(
                caller.projectId(), idempotencyKey, under -> toEvent(caller, input, under, null), fresh);
        if (!identity.equals(fresh)) {
            event = toEvent(caller, input, identity, requestId);
        }
        return publisher
                .publish(
                        Topics.COMPLETION_LOGS.name(),
                        input.usageId(),
                        event,
                        Map.of(
                                EventHeaders.REQUEST_ID,
                                requestId,
                                EventHeaders.EVENT_ID,
                                identity.eventId().toString()))
                .thenApply(ack -> identity);
    }

    private static CompletionLogged toEvent(
            Caller caller, CompletionLogInput input, EventIdentity identity, String requestId) {
        return CompletionLogged.newBuilder()
                .setEventId(identity.eventId())
                .setEmittedAt(identity.receivedAt())
                .setUsageId(input.usageId())
                .setProjectId(caller.projectId())
                .setEndpointId(input.endpointId())
                .setUserId(input.userId())
                .setCreatedAt(
                        input.timestamp() != null
                                ? input.timestamp().truncatedTo(ChronoUnit.MICROS)
                                : identity.receivedAt())
                .setModel(input.model())
                .setCost(input.cost())
                .setPrompt(input.prompt())
                .setCompletion(input.completion())
                .setTemperature(input.temperature())
                .setManaged(input.managed())
                .setTemplateId(input.templateId())
                .setValues(input.values())
                .setRequestId(requestId)
                .build();
    }
}
