package io.feedbackpipeline.gateway.receipt;

import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.RequiresScope;
import io.feedbackpipeline.gateway.http.GatewayException;
import io.feedbackpipeline.gateway.pipeline.ConsumerLag;
import io.feedbackpipeline.gateway.pipeline.PartitionLag;
import io.feedbackpipeline.gateway.publish.PublishedPositions;
import io.feedbackpipeline.schemas.contract.TopicContract;
import io.feedbackpipeline.schemas.contract.Topics;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/events/{event_id}}: where an event is, for every way in (HTTP, direct producers, replays). The
 * processor's receipt says projected or dead-lettered; without one, a known position (from this gateway's own acks, or
 * the {@code at} the 202's {@code Location} carries) says whether the processor is past it yet.
 */
@RestController
class EventsController {

    private final EventReceipts receipts;
    private final PublishedPositions positions;
    private final ConsumerLag lag;

    EventsController(EventReceipts receipts, PublishedPositions positions, ConsumerLag lag) {
        this.receipts = receipts;
        this.positions = positions;
        this.lag = lag;
    }

    @Operation(
            summary = "Where an event is: projected, dead-lettered, accepted or unknown",
            description = "projected: with when, how many items it holds and how many won their register (a later"
                    + " item of the same usage_id and type wins over it); dead-lettered: with the reason and detail;"
                    + " accepted: stored on the topic, the processor not past it yet; unknown: never seen, of another"
                    + " project, or its receipt pruned after the keep window (7 days by default).")
    @RequiresScope(ApiKeyScope.INGEST)
    @GetMapping(EventLocations.PATH + "{event_id}")
    EventStatus status(
            @PathVariable("event_id") String eventId,
            @Parameter(description = "topic:partition:offset, as the 202's Location gives it")
                    @RequestParam(value = "at", required = false)
                    String at,
            Caller caller) {
        UUID id = uuid(eventId);
        Optional<EventStatus.Position> position = at != null
                ? Optional.of(position(at))
                : positions
                        .of(id)
                        .filter(p -> p.projectId().equals(caller.projectId()))
                        .map(p -> new EventStatus.Position(p.topic(), p.partition(), p.offset()));
        // The processor commits a receipt before it commits past its record, so the offsets are read first: an
        // event read as not passed and without a receipt is really still waiting.
        boolean passed = position.map(this::passed).orElse(false);
        Optional<EventStatus> receipt = receipts.of(caller.projectId(), id);
        if (receipt.isPresent()) {
            return receipt.get();
        }
        if (position.isPresent() && !passed) {
            return EventStatus.accepted(eventId, position.get());
        }
        return EventStatus.unknown(
                eventId,
                position.isPresent()
                        ? "The processor is past this position and keeps no receipt of it: older than the receipts'"
                                + " keep window, or of another project."
                        : null);
    }

    /** Whether the processor's committed offset is past the position; false when the broker cannot be asked. */
    private boolean passed(EventStatus.Position position) {
        try {
            for (PartitionLag partition : lag.partitions()) {
                if (partition.topic().equals(position.topic()) && partition.partition() == position.partition()) {
                    return partition.committedOffset() != null && partition.committedOffset() > position.offset();
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    private static UUID uuid(String text) {
        try {
            UUID id = UUID.fromString(text);
            if (id.toString().equalsIgnoreCase(text)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw refused("event_id", "must be a UUID, as the 2xx answer gave it");
    }

    private static EventStatus.Position position(String at) {
        String[] parts = at.split(":");
        boolean known = parts.length == 3
                && Topics.INPUTS.stream().map(TopicContract::name).anyMatch(parts[0]::equals)
                && parts[1].matches("\\d{1,9}")
                && parts[2].matches("\\d{1,18}");
        if (!known) {
            throw refused("at", "must be topic:partition:offset of a source topic, as the 202's Location gives it");
        }
        return new EventStatus.Position(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
    }

    private static GatewayException refused(String field, String reason) {
        return new GatewayException(
                HttpStatus.BAD_REQUEST, field + " " + reason + ".", null, Map.of("field", field, "reason", reason));
    }
}
