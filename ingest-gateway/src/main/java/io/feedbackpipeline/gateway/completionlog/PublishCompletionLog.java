package io.feedbackpipeline.gateway.completionlog;

import io.feedbackpipeline.catalog.EventRules;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.idempotency.EventIdentity;
import io.feedbackpipeline.gateway.publish.Draft;
import io.feedbackpipeline.gateway.publish.Submissions;
import io.feedbackpipeline.jsoncontract.CompletionLogInput;
import io.feedbackpipeline.jsoncontract.Events;
import io.feedbackpipeline.jsoncontract.Violation;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.feedbackpipeline.schemas.contract.Topics;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;

/** A completion log as one CompletionLogged keyed by its usage_id, on the path every event takes. */
@Service
public class PublishCompletionLog {

    private final EventRules rules;
    private final Submissions submissions;

    PublishCompletionLog(EventRules rules, Submissions submissions) {
        this.rules = rules;
        this.submissions = submissions;
    }

    /** Completes with the log's identity once the broker acked it. */
    public CompletableFuture<EventIdentity> publish(
            Caller caller, CompletionLogInput input, String requestId, String idempotencyKey) {
        return submissions.submit(
                caller,
                new Draft<>(
                        Topics.COMPLETION_LOGS,
                        (identity, request) -> toEvent(caller, input, identity, request),
                        this::violations,
                        input.usageId(),
                        FeedbackSource.NATIVE_API,
                        requestId,
                        idempotencyKey));
    }

    private List<Violation> violations(CompletionLogged log) {
        return rules.check(log).stream()
                .map(violation -> new Violation(null, violation.field(), violation.reason()))
                .toList();
    }

    private static CompletionLogged toEvent(
            Caller caller, CompletionLogInput input, EventIdentity identity, String requestId) {
        return Events.completionLog(caller.projectId(), input, identity.eventId(), identity.receivedAt(), requestId);
    }
}
