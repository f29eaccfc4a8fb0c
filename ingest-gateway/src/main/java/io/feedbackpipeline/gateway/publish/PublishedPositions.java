package io.feedbackpipeline.gateway.publish;

import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where this gateway's recent events landed (topic, partition, offset, as the broker acked them), so
 * {@code GET /v1/events/{id}} can tell an event still waiting on the topic from one nobody has seen. A hint only, for
 * the events the processor has not projected yet (a projected one has its receipt): the last
 * {@code pipeline.gateway.publish.positions-remembered} events of the last hour, per gateway, the oldest forgotten
 * first. The answers' {@code Location} carries the same position, so any gateway can follow an event whose position
 * the client sends back, however old.
 *
 * <p>Every published event is remembered, so an entry's size is what the gateway keeps resident after a busy hour: a
 * cache of objects (key, value, node, map entry) took ~160 bytes per event, ~16 MB at the default bound. Here an entry
 * is a slot in parallel arrays, written in a ring (~50 bytes) and found through an open-addressing index of slot
 * numbers (~10 bytes): ~6 MB at the bound, grown as events arrive (docs/benchmarks.md). Calls are serialised; each is a
 * few array reads and writes.
 */
@Component
public class PublishedPositions {

    /** Where an event of a project was stored. */
    public record Position(UUID projectId, String topic, int partition, long offset) {}

    static final Duration REMEMBERED_FOR = Duration.ofHours(1);
    private static final int FIRST_SLOTS = 64;
    private static final int MOST_TOPICS = 256;

    private final int capacity;
    private final InstantSource clock;
    private final List<String> topics = new ArrayList<>();

    // Slot s holds event s: ids[2s], ids[2s+1] its id, projects[2s], projects[2s+1] its project.
    private long[] ids = new long[0];
    private long[] projects = new long[0];
    private long[] offsets = new long[0];
    private int[] partitions = new int[0];
    private long[] storedAtMillis = new long[0];
    private byte[] topicOf = new byte[0];
    private int slots;
    private int used;
    private int oldest;

    // Linear probing over slot numbers plus one (0: empty); at most half full.
    private int[] index = new int[0];

    @Autowired
    PublishedPositions(PublishProperties properties, Clock clock) {
        this(properties.positionsRemembered(), clock);
    }

    public PublishedPositions(int capacity) {
        this(capacity, InstantSource.system());
    }

    PublishedPositions(int capacity, InstantSource clock) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, was " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    synchronized void remember(UUID eventId, Position position) {
        if (capacity == 0 || position.projectId() == null) {
            return; // a hint only: nothing to remember is no reason to fail the publish it follows
        }
        int topic = topicNumber(position.topic());
        if (topic < 0) {
            return;
        }
        long high = eventId.getMostSignificantBits();
        long low = eventId.getLeastSignificantBits();
        int found = find(high, low);
        int slot;
        if (found >= 0) {
            slot = index[found] - 1;
        } else {
            slot = freeSlot();
            ids[2 * slot] = high;
            ids[2 * slot + 1] = low;
            insert(slot);
        }
        projects[2 * slot] = position.projectId().getMostSignificantBits();
        projects[2 * slot + 1] = position.projectId().getLeastSignificantBits();
        offsets[slot] = position.offset();
        partitions[slot] = position.partition();
        storedAtMillis[slot] = clock.millis();
        topicOf[slot] = (byte) topic;
    }

    public synchronized Optional<Position> of(UUID eventId) {
        int found = find(eventId.getMostSignificantBits(), eventId.getLeastSignificantBits());
        if (found < 0) {
            return Optional.empty();
        }
        int slot = index[found] - 1;
        if (clock.millis() - storedAtMillis[slot] > REMEMBERED_FOR.toMillis()) {
            return Optional.empty();
        }
        return Optional.of(new Position(
                new UUID(projects[2 * slot], projects[2 * slot + 1]),
                topics.get(Byte.toUnsignedInt(topicOf[slot])),
                partitions[slot],
                offsets[slot]));
    }

    /** A slot for a new event: a never used one, else the oldest event's, which is forgotten. */
    private int freeSlot() {
        if (used == slots) {
            if (slots < capacity) {
                grow();
            } else {
                int slot = oldest;
                remove(find(ids[2 * slot], ids[2 * slot + 1]));
                oldest = (oldest + 1) % slots;
                return slot;
            }
        }
        return used++;
    }

    /** Doubles the slots (up to the capacity) before the ring first wraps, so slot order stays arrival order. */
    private void grow() {
        slots = (int) Math.min(capacity, Math.max(FIRST_SLOTS, 2L * slots));
        ids = Arrays.copyOf(ids, 2 * slots);
        projects = Arrays.copyOf(projects, 2 * slots);
        offsets = Arrays.copyOf(offsets, slots);
        partitions = Arrays.copyOf(partitions, slots);
        storedAtMillis = Arrays.copyOf(storedAtMillis, slots);
        topicOf = Arrays.copyOf(topicOf, slots);
        index = new int[Integer.highestOneBit(Math.max(1, slots - 1)) << 2];
        for (int slot = 0; slot < used; slot++) {
            insert(slot);
        }
    }

    private int topicNumber(String topic) {
        int number = topics.indexOf(topic);
        if (number < 0 && topics.size() < MOST_TOPICS) {
            topics.add(topic);
            number = topics.size() - 1;
        }
        return number;
    }

    private int home(long high, long low) {
        long mixed = (high ^ low) * 0x9E3779B97F4A7C15L;
        return (int) (mixed >>> 32) & (index.length - 1);
    }

    /** The index position holding the event, or -1. */
    private int find(long high, long low) {
        if (index.length == 0) {
            return -1;
        }
        for (int at = home(high, low); index[at] != 0; at = (at + 1) & (index.length - 1)) {
            int slot = index[at] - 1;
            if (ids[2 * slot] == high && ids[2 * slot + 1] == low) {
                return at;
            }
        }
        return -1;
    }

    private void insert(int slot) {
        int at = home(ids[2 * slot], ids[2 * slot + 1]);
        while (index[at] != 0) {
            at = (at + 1) & (index.length - 1);
        }
        index[at] = slot + 1;
    }

    /** Empties an index position, moving back later entries of its run that would no longer be found. */
    private void remove(int at) {
        int mask = index.length - 1;
        int gap = at;
        for (int next = (gap + 1) & mask; index[next] != 0; next = (next + 1) & mask) {
            int slot = index[next] - 1;
            int wanted = home(ids[2 * slot], ids[2 * slot + 1]);
            // The entry may fill the gap unless its home lies cyclically after the gap, up to its own position.
            boolean homeAfterGap = gap <= next ? gap < wanted && wanted <= next : gap < wanted || wanted <= next;
            if (!homeAfterGap) {
                index[gap] = index[next];
                gap = next;
            }
        }
        index[gap] = 0;
    }
}
