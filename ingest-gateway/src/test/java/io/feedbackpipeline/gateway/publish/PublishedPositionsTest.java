package io.feedbackpipeline.gateway.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
    void holdsNoMoreThanItsBoundForgettingTheOldestFirst() {
        PublishedPositions positions = new PublishedPositions(1_000);
        List<UUID> events = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            UUID event = UUID.randomUUID();
            events.add(event);
            positions.remember(event, new PublishedPositions.Position(PROJECT, "feedback.v1", 0, i));
        }

        assertThat(events.subList(0, 19_000))
                .allSatisfy(event -> assertThat(positions.of(event)).isEmpty());
        assertThat(events.subList(19_000, 20_000))
                .allSatisfy(event -> assertThat(positions.of(event)).isPresent());
    }

    @Test
    void forgetsAnEventAfterAnHour() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T05:00:00Z"));
        InstantSource clock = now::get;
        PublishedPositions positions = new PublishedPositions(10, clock);
        UUID event = UUID.randomUUID();
        positions.remember(event, new PublishedPositions.Position(PROJECT, "feedback.v1", 1, 7L));

        now.set(now.get().plus(PublishedPositions.REMEMBERED_FOR));
        assertThat(positions.of(event)).isPresent();
        now.set(now.get().plusMillis(1));
        assertThat(positions.of(event)).isEmpty();
    }

    @Test
    void anEventWithoutAProjectIsNotRememberedAndDoesNotFail() {
        PublishedPositions positions = new PublishedPositions(10);
        UUID event = UUID.randomUUID();
        positions.remember(event, new PublishedPositions.Position(null, "feedback.v1", 0, 1L));

        assertThat(positions.of(event)).isEmpty();
    }

    @Test
    void aBoundOfZeroRemembersNothing() {
        PublishedPositions positions = new PublishedPositions(0);
        UUID event = UUID.randomUUID();
        positions.remember(event, new PublishedPositions.Position(PROJECT, "feedback.v1", 0, 1L));

        assertThat(positions.of(event)).isEmpty();
    }

    /**
     * Random histories against the simplest model of the contract (an insertion-ordered map that drops its eldest
     * entry beyond the bound; a repeated event keeps its place and takes the new position): events drawn from a small
     * pool so they repeat, several projects and topics, bounds from 1 to past the first growth of the slots. Every
     * answer must be the model's, after every step.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void answersAsABoundedInsertionOrderedMapWould(long seed) {
        Random random = new Random(seed);
        int bound = 1 + random.nextInt(random.nextBoolean() ? 8 : 300);
        List<UUID> pool = IntStream.range(0, bound * 2 + random.nextInt(50))
                .mapToObj(i -> new UUID(random.nextLong(), random.nextLong()))
                .toList();
        List<UUID> projects = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<String> topics = List.of("feedback.v1", "feedback.v2");
        PublishedPositions positions = new PublishedPositions(bound);
        Map<UUID, PublishedPositions.Position> model = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, PublishedPositions.Position> eldest) {
                return size() > bound;
            }
        };

        for (int step = 0; step < 2_000; step++) {
            UUID event = pool.get(random.nextInt(pool.size()));
            if (random.nextInt(3) > 0) {
                PublishedPositions.Position position = new PublishedPositions.Position(
                        projects.get(random.nextInt(projects.size())),
                        topics.get(random.nextInt(topics.size())),
                        random.nextInt(12),
                        random.nextLong() >>> 1);
                positions.remember(event, position);
                model.put(event, position);
            }
            assertThat(positions.of(event)).isEqualTo(Optional.ofNullable(model.get(event)));
        }
        for (UUID event : pool) {
            assertThat(positions.of(event))
                    .as("event %s, seed %d", event, seed)
                    .isEqualTo(Optional.ofNullable(model.get(event)));
        }
    }

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    @Test
    void findsEveryRememberedEventThoughTheirIdsCollideInTheIndex() {
        // Ids equal in their high XOR low bits land on the same index position: one long probe run, then removals.
        PublishedPositions positions = new PublishedPositions(50);
        List<UUID> events = new ArrayList<>();
        for (long i = 0; i < 120; i++) {
            UUID event = new UUID(i, i ^ 0x5DEECE66DL);
            events.add(event);
            positions.remember(event, new PublishedPositions.Position(PROJECT, "feedback.v1", 0, i));
        }

        for (int i = 0; i < events.size(); i++) {
            assertThat(positions.of(events.get(i)).map(PublishedPositions.Position::offset))
                    .isEqualTo(i < 70 ? Optional.empty() : Optional.of((long) i));
        }
    }
}
