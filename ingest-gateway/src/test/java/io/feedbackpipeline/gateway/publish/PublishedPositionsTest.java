package io.feedbackpipeline.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PublishedPositionsTest {

    private static final UUID PROJECT = UUID.randomUUID();

    @Test
    void remembersWhereAnEventLanded() {
        PublishedPositions positions = new PublishedPositions(10);
        UUID event = UUID.randomUUID();
        PublishedPositions.Position position = new PublishedPositions.Position(PROJECT, "feedback.v1", 2, 41L);

        positions.remember(event, position);

        assertThat(positions.of(event)).contains(position);
        assertThat(positions.of(UUID.randomUUID())).isEmpty();
    }

    @Test
    void holdsNoMoreThanItsBoundHoweverManyEventsPass() {
        PublishedPositions positions = new PublishedPositions(1_000);
        List<UUID> events = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            UUID event = UUID.randomUUID();
            events.add(event);
            positions.remember(event, new PublishedPositions.Position(PROJECT, "feedback.v1", 0, i));
        }

        // The cache evicts in the background, amortised over later calls: the bound holds once it has caught up.
        await().atMost(Duration.ofSeconds(10)).until(() -> remembered(positions, events) <= 1_000);
        assertThat(remembered(positions, events)).isBetween(1L, 1_000L);
    }

    private static long remembered(PublishedPositions positions, List<UUID> events) {
        return events.stream().filter(event -> positions.of(event).isPresent()).count();
    }
}
