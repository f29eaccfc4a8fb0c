package io.feedbackpipeline.gateway.publish;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Where this gateway's recent events landed (topic, partition, offset, as the broker acked them), so
 * {@code GET /v1/events/{id}} can tell an event still waiting on the topic from one nobody has seen. A hint only:
 * kept in memory for an hour, per gateway; the answers' {@code Location} carries the same position, so any gateway
 * can follow an event whose position the client sends back.
 */
@Component
public class PublishedPositions {

    public PublishedPositions() {}

    /** Where an event of a project was stored. */
    public record Position(UUID projectId, String topic, int partition, long offset) {}

    private final Cache<UUID, Position> positions = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofHours(1))
            .maximumSize(1_000_000)
            .build();

    void remember(UUID eventId, Position position) {
        positions.put(eventId, position);
    }

    public Optional<Position> of(UUID eventId) {
        return Optional.ofNullable(positions.getIfPresent(eventId));
    }
}
