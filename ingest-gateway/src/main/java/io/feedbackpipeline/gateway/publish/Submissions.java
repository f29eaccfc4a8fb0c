package io.feedbackpipeline.gateway.publish;

import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.idempotency.EventIdentity;
import io.feedbackpipeline.gateway.idempotency.IdempotencyKeys;
import io.feedbackpipeline.jsoncontract.Violation;
import io.feedbackpipeline.jsoncontract.Violations;
import io.feedbackpipeline.schemas.contract.EventHeaders;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.stereotype.Service;

/**
 * The one path every event a request publishes takes, whatever its type: checked against the rules the processor
 * applies (all-or-nothing, every violation listed), its identity settled (fresh, or the one its Idempotency-Key was
 * first used with, fingerprinted the same way for every type), then published as one record with the same headers,
 * answered once the broker acked.
 */
@Service
public class Submissions {

    private final IdempotencyKeys idempotencyKeys;
    private final EventPublisher publisher;
    private final PublishedPositions positions;
    private final Clock clock;

    Submissions(IdempotencyKeys idempotencyKeys, EventPublisher publisher, PublishedPositions positions, Clock clock) {
        this.idempotencyKeys = idempotencyKeys;
        this.publisher = publisher;
        this.positions = positions;
        this.clock = clock;
    }

    /** A checked event with its settled identity, ready to publish, and the project it is published for. */
    public record Prepared<E extends SpecificRecord>(Draft<E> draft, E event, EventIdentity identity, UUID projectId) {}

    /**
     * Checks the draft's event and settles its identity; nothing is published yet. {@code parseViolations} are the
     * problems parsing found already: the event rules still check everything that parsed, so one answer lists all.
     */
    public <E extends SpecificRecord> Prepared<E> prepare(Caller caller, Draft<E> draft, Violations parseViolations) {
        Instant now = Instant.now(clock);
        EventIdentity fresh =
                new EventIdentity(EventIds.version7(now.toEpochMilli()), now.truncatedTo(ChronoUnit.MICROS));
        // The event is checked before an Idempotency-Key is reserved, so a refused request never claims its key.
        E event = draft.build().apply(fresh, draft.requestId());
        for (Violation violation : draft.check().apply(event)) {
            parseViolations.add(violation);
        }
        parseViolations.throwIfAny();
        EventIdentity identity = idempotencyKeys.identity(
                caller, draft.idempotencyKey(), under -> draft.build().apply(under, null), fresh);
        if (!identity.equals(fresh)) {
            event = draft.build().apply(identity, draft.requestId());
        }
        return new Prepared<>(draft, event, identity, caller.projectId());
    }

    /** Publishes the prepared event as one record; completes with its identity once the broker acked. */
    public CompletableFuture<EventIdentity> publish(Prepared<?> prepared) {
        Draft<?> draft = prepared.draft();
        return publisher
                .publish(new OutgoingRecord(
                        draft.topic().name(),
                        draft.kafkaKey(),
                        prepared.event(),
                        Map.of(
                                EventHeaders.REQUEST_ID, draft.requestId(),
                                EventHeaders.EVENT_ID,
                                        prepared.identity().eventId().toString(),
                                EventHeaders.SOURCE, draft.source().name())))
                .thenApply(ack -> {
                    if (ack != null) {
                        positions.remember(
                                prepared.identity().eventId(),
                                new PublishedPositions.Position(
                                        prepared.projectId(), ack.topic(), ack.partition(), ack.offset()));
                    }
                    return prepared.identity();
                });
    }

    /** Prepares and publishes. */
    public <E extends SpecificRecord> CompletableFuture<EventIdentity> submit(Caller caller, Draft<E> draft) {
        return publish(prepare(caller, draft, new Violations()));
    }
}
