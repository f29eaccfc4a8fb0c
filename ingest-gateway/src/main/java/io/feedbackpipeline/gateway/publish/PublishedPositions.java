package io.feedbackpipeline.gateway.publish;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where this gateway's recent events landed (topic, partition, offset, as the broker acked them), so
 * {@code GET /v1/events/{id}} can tell an event still waiting on the topic from one nobody has seen. A hint only, for
 * the events the processor has not projected yet (a projected one has its receipt): the last
 * {@code pipeline.gateway.publish.positions-remembered} events of the last hour, per gateway. The answers'
 * {@code Location} carries the same position, so any gateway can follow an event whose position the client sends back,
 * however old.
 *
 * <p>Bounded by count because every entry costs ~160 bytes of heap: at a million, the bound it had first, the hint could
 * hold ~155 MB after a busy hour (310,000 entries held ~50 MB after a full benchmark run), which the gateway then kept
 * resident (docs/benchmarks.md).
 */
@Component
public class PublishedPositions {

    /** Where an event of a project was stored. */
    public record Position(UUID projectId, String topic, int partition, long offset) {}

    private final Cache<UUID, Position> positions;

    @Autowired
    PublishedPositions(PublishProperties properties) {
        this(properties.positionsRemembered());
    }

    public PublishedPositions(long remembered) {
        this.positions = Caffeine.newBuilder()
                .expireAfterWrite(Duration.ofHours(1))
                .maximumSize(remembered)
                .build();
    }

    void remember(UUID eventId, Position position) {
        positions.put(eventId, position);
    }

    public Optional<Position> of(UUID eventId) {
        return Optional.ofNullable(positions.getIfPresent(eventId));
    }
}
