package io.feedbackpipeline.gateway.feedback;

import io.feedbackpipeline.catalog.EventRules;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.Unauthorized;
import io.feedbackpipeline.gateway.http.Violation;
import io.feedbackpipeline.gateway.http.Violations;
import io.feedbackpipeline.gateway.idempotency.EventIdentity;
import io.feedbackpipeline.gateway.idempotency.IdempotencyKeys;
import io.feedbackpipeline.gateway.publish.EventPublisher;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.contract.EventHeaders;
import io.feedbackpipeline.schemas.contract.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Service;

/**
 * The path every feedback request takes: check the event against the rules the processor applies (all-or-nothing),
 * settle the event identity (fresh or the Idempotency-Key's), publish one FeedbackBatch, and return once the broker
 * acked.
 */
@Service
public class SubmitFeedback {

    private final FeedbackTypeCatalog types;
    private final EventRules rules;
    private final IdempotencyKeys idempotencyKeys;
    private final EventPublisher publisher;
    private final Clock clock;

    SubmitFeedback(
            FeedbackTypeCatalog types,
            EventRules rules,
            IdempotencyKeys idempotencyKeys,
            EventPublisher publisher,
            Clock clock) {
        this.types = types;
        this.rules = rules;
        this.idempotencyKeys = idempotencyKeys;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** A checked batch with its settled identity, ready to publish. */
    public record Prepared(FeedbackBatch batch, EventIdentity identity, Submission submission) {}

    /** Checks, settles the identity and publishes; completes with the identity once the broker acked. */
    public CompletableFuture<EventIdentity> submit(Caller caller, Submission submission) {
        return publish(prepare(caller, submission, new Violations()));
    }

    /**
     * Checks the request's event against the rules the processor applies and settles its identity (fresh, or the
     * one its Idempotency-Key was first used with); nothing is published yet. {@code parseViolations} are problems
     * its parsing found: the event rules still check every item that parsed, so one answer lists every problem.
     */
    public Prepared prepare(Caller caller, Submission submission, Violations parseViolations) {
        requireVisibleTypes(caller, submission.items());
        EventIdentity fresh =
                new EventIdentity(UUID.randomUUID(), Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
        // The event is checked before an Idempotency-Key is reserved, so a refused request never claims its key.
        FeedbackBatch batch = toBatch(caller, submission, fresh);
        refuseIfInvalid(batch, parsedIndexes(submission.items()), parseViolations);
        EventIdentity identity = idempotencyKeys.identity(
                caller.projectId(),
                submission.idempotencyKey(),
                under -> fingerprintable(toBatch(caller, submission, under)),
                fresh);
        if (!identity.equals(fresh)) {
            batch = toBatch(caller, submission, identity);
        }
        return new Prepared(batch, identity, submission);
    }

    /** Publishes one FeedbackBatch; completes with its identity once the broker acked. */
    public CompletableFuture<EventIdentity> publish(Prepared prepared) {
        Submission submission = prepared.submission();
        return publisher
                .publish(
                        Topics.FEEDBACK.name(),
                        submission.kafkaKey(),
                        prepared.batch(),
                        Map.of(
                                EventHeaders.REQUEST_ID, submission.requestId(),
                                EventHeaders.EVENT_ID,
                                        prepared.identity().eventId().toString(),
                                EventHeaders.SOURCE, submission.source().name()))
                .thenApply(ack -> prepared.identity());
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
     * The event rules the processor applies, on the very event about to be published: all-or-nothing. Items that
     * did not parse are not in {@code batch}; {@code requestIndexes} maps the batch's items back to the request's.
     */
    private void refuseIfInvalid(FeedbackBatch batch, List<Integer> requestIndexes, Violations violations) {
        boolean nothingParsed = batch.getItems().isEmpty() && !violations.isEmpty();
        if (!nothingParsed) {
            for (EventRules.Violation violation : rules.check(batch)) {
                Integer index = violation.item() == null ? null : requestIndexes.get(violation.item());
                violations.add(new Violation(index, violation.field(), violation.reason()));
            }
        }
        violations.throwIfAny();
    }

    /** An item that did not parse has no usage_id or type; it is reported already and left out of the event. */
    private static boolean parsed(FeedbackInput item) {
        return item.usageId() != null && item.feedbackTypeId() != null;
    }

    private static List<Integer> parsedIndexes(List<FeedbackInput> items) {
        List<Integer> indexes = new ArrayList<>();
        for (int index = 0; index < items.size(); index++) {
            if (parsed(items.get(index))) {
                indexes.add(index);
            }
        }
        return indexes;
    }

    /** The request id differs between a request and its retry; everything else must be the same. */
    private static FeedbackBatch fingerprintable(FeedbackBatch batch) {
        batch.setRequestId(null);
        return batch;
    }

    private static FeedbackBatch toBatch(Caller caller, Submission submission, EventIdentity identity) {
        List<FeedbackItem> items = new ArrayList<>(submission.items().size());
        for (FeedbackInput input : submission.items()) {
            if (!parsed(input)) {
                continue;
            }
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
