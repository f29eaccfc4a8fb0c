package io.feedbackpipeline.gateway.feedback;

import io.feedbackpipeline.catalog.EventRules;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.Unauthorized;
import io.feedbackpipeline.gateway.idempotency.EventIdentity;
import io.feedbackpipeline.gateway.publish.Draft;
import io.feedbackpipeline.gateway.publish.Submissions;
import io.feedbackpipeline.jsoncontract.Events;
import io.feedbackpipeline.jsoncontract.FeedbackInput;
import io.feedbackpipeline.jsoncontract.Violation;
import io.feedbackpipeline.jsoncontract.Violations;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.contract.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;

/**
 * A feedback request as one FeedbackBatch, on the path every event takes ({@link Submissions}): what is particular to
 * feedback is here, that a feedback type of another project is a 401, and that items which did not parse are left
 * out of the event but keep their indexes in the answer.
 */
@Service
public class SubmitFeedback {

    private final FeedbackTypeCatalog types;
    private final EventRules rules;
    private final Submissions submissions;

    SubmitFeedback(FeedbackTypeCatalog types, EventRules rules, Submissions submissions) {
        this.types = types;
        this.rules = rules;
        this.submissions = submissions;
    }

    /** Checks, settles the identity and publishes; completes with the identity once the broker acked. */
    public CompletableFuture<EventIdentity> submit(Caller caller, Submission submission) {
        return publish(prepare(caller, submission, new Violations()));
    }

    /**
     * Checks the request's event against the rules the processor applies and settles its identity; nothing is
     * published yet. {@code parseViolations} are problems its parsing found: the event rules still check every item
     * that parsed, so one answer lists every problem.
     */
    public Submissions.Prepared<FeedbackBatch> prepare(
            Caller caller, Submission submission, Violations parseViolations) {
        if (caller.isFeedbackToken()) {
            GrantedFeedback.require(caller.grant(), submission);
        }
        requireVisibleTypes(caller, submission.items());
        List<Integer> requestIndexes = parsedIndexes(submission.items());
        boolean parseFailed = !parseViolations.isEmpty();
        Draft<FeedbackBatch> draft = new Draft<>(
                Topics.FEEDBACK,
                (identity, requestId) -> toBatch(caller, submission, identity, requestId),
                batch -> violations(batch, requestIndexes, parseFailed),
                submission.kafkaKey(),
                submission.source(),
                submission.requestId(),
                submission.idempotencyKey());
        return submissions.prepare(caller, draft, parseViolations);
    }

    /** Publishes one FeedbackBatch; completes with its identity once the broker acked. */
    public CompletableFuture<EventIdentity> publish(Submissions.Prepared<FeedbackBatch> prepared) {
        return submissions.publish(prepared);
    }

    /** A feedback type of another project is a 401, like a foreign endpoint: nothing about it may leak. */
    private void requireVisibleTypes(Caller caller, List<FeedbackInput> items) {
        for (FeedbackInput item : items) {
            if (item.feedbackTypeId() != null
                    && types.find(item.feedbackTypeId())
                            .filter(type -> !type.isVisibleTo(caller.projectId()))
                            .isPresent()) {
                throw new Unauthorized();
            }
        }
    }

    /**
     * The event rules the processor applies, on the very event about to be published. Items that did not parse are
     * not in {@code batch}; {@code requestIndexes} maps the batch's items back to the request's. When nothing parsed,
     * the parse problems say it all.
     */
    private List<Violation> violations(FeedbackBatch batch, List<Integer> requestIndexes, boolean parseFailed) {
        if (batch.getItems().isEmpty() && parseFailed) {
            return List.of();
        }
        List<Violation> found = new ArrayList<>();
        for (EventRules.Violation violation : rules.check(batch)) {
            Integer index = violation.item() == null ? null : requestIndexes.get(violation.item());
            found.add(new Violation(index, violation.field(), violation.reason()));
        }
        return found;
    }

    private static List<Integer> parsedIndexes(List<FeedbackInput> items) {
        List<Integer> indexes = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            if (items.get(index).parsed()) {
                indexes.add(index);
            }
        }
        return indexes;
    }

    private static FeedbackBatch toBatch(
            Caller caller, Submission submission, EventIdentity identity, String requestId) {
        return Events.feedbackBatch(
                caller.projectId(),
                submission.endpointId(),
                submission.source(),
                submission.items(),
                identity.eventId(),
                identity.receivedAt(),
                requestId,
                caller.isFeedbackToken() ? caller.grant().endUserId() : null);
    }
}
