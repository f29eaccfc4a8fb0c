package io.feedbackpipeline.gateway.feedback;

import io.feedbackpipeline.catalog.FeedbackRules;
import io.feedbackpipeline.catalog.FeedbackType;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.Unauthorized;
import io.feedbackpipeline.gateway.http.Violations;
import io.feedbackpipeline.gateway.idempotency.IdempotencyKeys;
import io.feedbackpipeline.gateway.idempotency.IdempotencyKeys.Identity;
import io.feedbackpipeline.gateway.publish.EventPublisher;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.contract.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The path every feedback request takes: check all items (all-or-nothing), settle the event identity (fresh or
 * the Idempotency-Key's), publish one FeedbackBatch, and return once the broker acked.
 */
@Service
public class SubmitFeedback {

    /** The published batch: its event id and the receive time that unspecified occurred_at values took. */
    public record Accepted(UUID eventId, Instant receivedAt) {}

    private final FeedbackTypeCatalog types;
    private final IdempotencyKeys idempotencyKeys;
    private final EventPublisher publisher;
    private final Clock clock;

    SubmitFeedback(FeedbackTypeCatalog types, IdempotencyKeys idempotencyKeys, EventPublisher publisher,
            Clock clock) {
        this.types = types;
        this.idempotencyKeys = idempotencyKeys;
        this.publisher = publisher;
        this.clock = clock;
    }

    public Accepted submit(Caller caller, Submission submission) {
        check(caller, submission.items());
        Identity fresh = new Identity(UUID.randomUUID(), Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
        Identity identity = idempotencyKeys.identity(caller.projectId(), submission.idempotencyKey(),
                submission.fingerprint(caller.projectId()), fresh);
        FeedbackBatch batch = toBatch(caller, submission, identity);
        publisher.publish(Topics.FEEDBACK.name(), submission.kafkaKey(), batch, Map.of(
                "request-id", submission.requestId(),
                "event-id", identity.eventId().toString(),
                "source", submission.source().name()));
        return new Accepted(identity.eventId(), identity.receivedAt());
    }

    /** Every item against its type; one bad item refuses the request. A type of another project is a 401. */
    private void check(Caller caller, List<FeedbackInput> items) {
        Violations violations = new Violations();
        for (int index = 0; index < items.size(); index++) {
            FeedbackInput item = items.get(index);
            for (FeedbackRules.Problem problem : FeedbackRules.checkUsageId(item.usageId())) {
                violations.atItem(index, problem.field(), problem.reason());
            }
            if (item.feedbackTypeId() == null) {
                continue; // already reported by the parser
            }
            Optional<FeedbackType> type = types.find(item.feedbackTypeId());
            if (type.isEmpty()) {
                violations.atItem(index, "feedback_type_id", "unknown feedback type " + item.feedbackTypeId());
                continue;
            }
            if (!type.get().isVisibleTo(caller.projectId())) {
                throw new Unauthorized();
            }
            for (FeedbackRules.Problem problem : FeedbackRules.checkAgainstType(type.get(), item.flag(),
                    item.value(), item.comment(), item.tag())) {
                violations.atItem(index, problem.field(), problem.reason());
            }
        }
        violations.throwIfAny();
    }

    private static FeedbackBatch toBatch(Caller caller, Submission submission, Identity identity) {
        List<FeedbackItem> items = new ArrayList<>(submission.items().size());
        for (FeedbackInput input : submission.items()) {
            items.add(FeedbackItem.newBuilder()
                    .setUsageId(input.usageId())
                    .setFeedbackTypeId(input.feedbackTypeId())
                    .setFlag(input.flag())
                    .setValue(input.value())
                    .setComment(input.comment())
                    .setTag(input.tag())
                    .setOccurredAt(input.occurredAt() != null ? input.occurredAt() : identity.receivedAt())
                    .build());
        }
        return FeedbackBatch.newBuilder()
                .setEventId(identity.eventId())
                .setProjectId(caller.projectId())
                .setEndpointId(submission.endpointId())
                .setReceivedAt(identity.receivedAt())
                .setSource(submission.source())
                .setRequestId(submission.requestId())
                .setItems(items)
                .build();
    }
}
