package io.feedbackpipeline.merge;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The invariant of DESIGN.md 5: applying a set of feedback items gives the same state in any order, with any
 * duplication, in any batching, and that state is what a tiny reference model says: per register, the item with
 * the greatest (occurred_at, event_id as unsigned bytes, index). Copies of one item differ only in their origin
 * (provenance), so states are compared without it.
 *
 * <p>Histories are drawn from small pools (3 projects, 4 usage_ids, 3 types, 4 instants, 5 event ids of which
 * some have the sign bit set) so that registers collide, versions tie and signed/unsigned uuid order differ.
 */
class MergePropertyTest {

    private static final List<UUID> PROJECTS = List.of(
            UUID.fromString("00000000-0000-4000-8000-000000000001"),
            UUID.fromString("00000000-0000-4000-8000-000000000002"),
            UUID.fromString("ffffffff-0000-4000-8000-000000000003"));
    private static final List<UUID> EVENTS = List.of(
            UUID.fromString("00000000-0000-4000-8000-000000000000"),
            UUID.fromString("7fffffff-ffff-4fff-bfff-ffffffffffff"),
            UUID.fromString("80000000-0000-4000-8000-000000000000"),
            UUID.fromString("ffffffff-ffff-4fff-bfff-ffffffffffff"),
            UUID.fromString("12345678-9abc-4def-8123-456789abcdef"));
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00.000001Z");

    /** A history as it reaches the processor: shuffled, with duplicates, cut into consumer batches. */
    record Delivery(List<FeedbackWrite> distinct, List<List<FeedbackWrite>> batches) {}

    @Property(tries = 1000)
    @Label("fold-then-guarded-apply over any delivery equals the reference model")
    void anyDeliveryConvergesToTheReference(@ForAll("deliveries") Delivery delivery) {
        Map<RegisterKey, FeedbackWrite> applied = new HashMap<>();
        for (List<FeedbackWrite> batch : delivery.batches()) {
            for (FeedbackWrite winner : Merge.feedback(batch)) {
                // The projection's SQL guard: replace the stored row only if the new one supersedes it.
                applied.merge(
                        winner.key(), winner, (stored, candidate) -> candidate.supersedes(stored) ? candidate : stored);
            }
        }

        assertThat(withoutOrigin(applied)).isEqualTo(withoutOrigin(reference(delivery.distinct())));
    }

    @Property(tries = 1000)
    @Label("two different deliveries of the same history end in the same state")
    void deliveryOrderAndBatchingDoNotMatter(@ForAll("deliveries") Delivery delivery, @ForAll long seed) {
        Delivery other = redeliver(delivery.distinct(), new Random(seed));

        assertThat(withoutOrigin(applyAll(other))).isEqualTo(withoutOrigin(applyAll(delivery)));
    }

    @Property(tries = 1000)
    @Label("a batch folds to exactly one winner per register, sorted by key")
    void oneWinnerPerRegister(@ForAll("deliveries") Delivery delivery) {
        List<FeedbackWrite> everything =
                delivery.batches().stream().flatMap(List::stream).toList();

        List<FeedbackWrite> winners = Merge.feedback(everything);

        assertThat(winners)
                .extracting(FeedbackWrite::key)
                .doesNotHaveDuplicates()
                .isSorted();
        assertThat(withoutOrigin(winners))
                .containsExactlyInAnyOrderElementsOf(
                        withoutOrigin(List.copyOf(reference(delivery.distinct()).values())));
    }

    @Provide
    Arbitrary<Delivery> deliveries() {
        Arbitrary<FeedbackWrite> write = Combinators.combine(
                        Arbitraries.of(PROJECTS),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.of(1, 2, 3),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.of(EVENTS),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.longs().between(0, 40))
                .as((project, usage, type, tick, event, index, partition, offset) -> write(
                        project,
                        "u" + usage,
                        type,
                        T0.plusSeconds(tick),
                        event,
                        index,
                        new Origin("feedback.v1", partition, offset)));
        return Combinators.combine(write.list().ofMinSize(1).ofMaxSize(40), Arbitraries.longs())
                .as((writes, seed) -> redeliver(writes, new Random(seed)));
    }

    private static Delivery redeliver(List<FeedbackWrite> distinct, Random random) {
        List<FeedbackWrite> stream = new ArrayList<>(distinct);
        int duplicates = random.nextInt(distinct.size() + 1);
        for (int i = 0; i < duplicates; i++) {
            stream.add(distinct.get(random.nextInt(distinct.size()))); // redelivery: the very same record
        }
        Collections.shuffle(stream, random);
        List<List<FeedbackWrite>> batches = new ArrayList<>();
        int start = 0;
        while (start < stream.size()) {
            int size = 1 + random.nextInt(Math.min(8, stream.size() - start));
            batches.add(List.copyOf(stream.subList(start, start + size)));
            start += size;
        }
        return new Delivery(distinct, batches);
    }

    private static Map<RegisterKey, FeedbackWrite> applyAll(Delivery delivery) {
        Map<RegisterKey, FeedbackWrite> state = new HashMap<>();
        for (List<FeedbackWrite> batch : delivery.batches()) {
            for (FeedbackWrite winner : Merge.feedback(batch)) {
                state.merge(
                        winner.key(), winner, (stored, candidate) -> candidate.supersedes(stored) ? candidate : stored);
            }
        }
        return state;
    }

    /** The reference model, written independently of the production comparators. */
    private static Map<RegisterKey, FeedbackWrite> reference(List<FeedbackWrite> writes) {
        Map<RegisterKey, FeedbackWrite> state = new HashMap<>();
        for (FeedbackWrite write : writes) {
            FeedbackWrite stored = state.get(write.key());
            if (stored == null || referenceWins(write, stored)) {
                state.put(write.key(), write);
            }
        }
        return state;
    }

    private static boolean referenceWins(FeedbackWrite a, FeedbackWrite b) {
        int time = a.version().occurredAt().compareTo(b.version().occurredAt());
        if (time != 0) {
            return time > 0;
        }
        int event =
                unsigned(a.version().eventId()).compareTo(unsigned(b.version().eventId()));
        if (event != 0) {
            return event > 0;
        }
        return a.version().itemIndex() > b.version().itemIndex();
    }

    private static final Origin ANY = new Origin("", 0, 0);

    private static Map<RegisterKey, FeedbackWrite> withoutOrigin(Map<RegisterKey, FeedbackWrite> state) {
        Map<RegisterKey, FeedbackWrite> out = new HashMap<>();
        state.forEach((key, write) -> out.put(key, withoutOrigin(write)));
        return out;
    }

    private static List<FeedbackWrite> withoutOrigin(List<FeedbackWrite> writes) {
        return writes.stream().map(MergePropertyTest::withoutOrigin).toList();
    }

    private static FeedbackWrite withoutOrigin(FeedbackWrite w) {
        return new FeedbackWrite(
                w.key(),
                w.version(),
                ANY,
                w.flag(),
                w.value(),
                w.comment(),
                w.tag(),
                w.displayValue(),
                w.endpointId(),
                w.endUserId(),
                w.receivedAt());
    }

    private static BigInteger unsigned(UUID uuid) {
        return new BigInteger(
                1,
                ByteBuffer.allocate(16)
                        .putLong(uuid.getMostSignificantBits())
                        .putLong(uuid.getLeastSignificantBits())
                        .array());
    }

    private static FeedbackWrite write(
            UUID project, String usage, int type, Instant at, UUID event, int index, Origin origin) {
        boolean flag = (at.getEpochSecond() + index) % 2 == 0;
        return new FeedbackWrite(
                new RegisterKey(project, usage, type),
                new Version(at, event, index),
                origin,
                flag,
                null,
                null,
                null,
                Boolean.toString(flag),
                null,
                null,
                at);
    }
}
