package io.feedbackpipeline.gateway.receipt;

import io.feedbackpipeline.gateway.publish.PublishedPositions;
import java.net.URI;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The {@code Location} of an accepted event: {@code /v1/events/{id}}, with the position the broker acked it at, so
 * any gateway can tell "still on the topic" from "unknown" (the position is the hint; the receipt is the answer).
 */
@Component
public class EventLocations {

    static final String PATH = "/v1/events/";

    private final PublishedPositions positions;

    public EventLocations(PublishedPositions positions) {
        this.positions = positions;
    }

    public URI of(UUID eventId) {
        return URI.create(PATH
                + eventId
                + positions
                        .of(eventId)
                        .map(p -> "?at=" + new EventStatus.Position(p.topic(), p.partition(), p.offset()).spelled())
                        .orElse(""));
    }
}
