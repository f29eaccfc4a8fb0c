package io.feedbackpipeline.projection.replay;

import io.feedbackpipeline.projection.Projector;
import io.feedbackpipeline.projection.RunOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads ranges of the pipeline's topics outside any consumer group (nothing is committed) and projects them in
 * chunks: the loop behind replays and rebuilds. Two chunks are projected at a time, on two threads of their own,
 * so one is decoded while the other is in the database; the consumer stays on the caller's thread. Writes are
 * idempotent merges that lock rows in key order, so the two transactions commute and cannot deadlock, exactly as
 * the processor's concurrent consumers do.
 */
public final class TopicReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(500);

    /**
     * How much one chunk gathers, over as many polls of at most {@code recordsPerPoll} as it takes, before it is
     * projected: at most {@code records} records, and about {@code bytes} of record values (the poll that crosses
     * that is kept whole).
     */
    public record Chunk(int records, long bytes, int recordsPerPoll) {
        /** The consumer's default: polls of up to 10,000 records. */
        public Chunk(int records, long bytes) {
            this(records, bytes, Math.min(records, 10_000));
        }

        public Chunk {
            if (records < 1 || bytes < 1 || recordsPerPoll < 1 || recordsPerPoll > records) {
                throw new IllegalArgumentException("a chunk must hold something, and a poll no more than a chunk: "
                        + records + ", " + bytes + ", " + recordsPerPoll);
            }
        }
    }

    private static final int CHUNKS_IN_FLIGHT = 2;

    /** A chunk handed to a projection thread, and the records it holds. */
    private record InFlight(List<ConsumerRecord<byte[], byte[]>> records, Future<RunOutcome> projected) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Chunk chunkSize;
    private final ExecutorService projecting;

    public TopicReader(String bootstrapServers, List<String> topics, Chunk chunkSize) {
        this.chunkSize = chunkSize;
        AtomicInteger threads = new AtomicInteger();
        this.projecting = Executors.newFixedThreadPool(CHUNKS_IN_FLIGHT, work -> {
            Thread thread = new Thread(work, "topic-reader-projection-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        chunkSize.recordsPerPoll(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> found = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(15))
                    .forEach(info -> found.add(new TopicPartition(topic, info.partition())));
        }
        this.partitions = List.copyOf(found);
        consumer.assign(partitions);
    }

    public List<TopicPartition> partitions() {
        return partitions;
    }

    /** The offsets a time range covers; {@code null} bounds mean the beginning and the end as of now. */
    public TopicRange range(Instant from, Instant to) {
        return TopicRange.of(consumer, partitions, from, to);
    }

    public Map<TopicPartition, Long> endOffsets() {
        return consumer.endOffsets(partitions);
    }

    public void seek(Map<TopicPartition, Long> offsets) {
        offsets.forEach(consumer::seek);
    }

    /** Records between the read positions and the end offsets as of now. */
    public long behind() {
        return endOffsets().entrySet().stream()
                .mapToLong(e -> e.getValue() - consumer.position(e.getKey()))
                .sum();
    }

    /**
     * Projects records until every partition reached {@code end}, in chunks of at most the configured number of
     * records, and reports each chunk, in order, once it is written. Stops early, returning false, when {@code
     * deadline} passes first; the chunks under way are finished first, and the next drain resumes right after them.
     * A chunk that fails fails the drain, once the other chunk under way has finished.
     */
    public boolean drain(
            Map<TopicPartition, Long> end, Projector projector, Consumer<RunOutcome> eachChunk, Instant deadline) {
        Set<TopicPartition> open = new HashSet<>();
        Map<TopicPartition, Long> resumeAt = new HashMap<>();
        end.forEach((partition, offset) -> {
            long position = consumer.position(partition);
            resumeAt.put(partition, Math.min(position, offset));
            if (position < offset) {
                open.add(partition);
            }
        });
        consumer.resume(open);
        consumer.pause(end.keySet().stream().filter(p -> !open.contains(p)).toList());
        Deque<InFlight> inFlight = new ArrayDeque<>();
        while (!open.isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                finishAll(inFlight, resumeAt, eachChunk);
                seek(resumeAt); // continue right after what was applied
                return false;
            }
            List<ConsumerRecord<byte[], byte[]>> chunk = new ArrayList<>();
            long chunkBytes = 0;
            int polled;
            do {
                polled = 0;
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    polled++;
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(partition)) {
                        chunk.add(record);
                        chunkBytes += record.value() == null ? 0 : record.value().length;
                    }
                }
                for (TopicPartition partition : List.copyOf(open)) {
                    if (consumer.position(partition) >= end.get(partition)) {
                        open.remove(partition);
                        consumer.pause(List.of(partition));
                    }
                }
                // Another poll only while a full one still fits: a chunk never holds more than its records.
            } while (polled > 0
                    && !open.isEmpty()
                    && chunk.size() + chunkSize.recordsPerPoll() <= chunkSize.records()
                    && chunkBytes < chunkSize.bytes());
            if (!chunk.isEmpty()) {
                if (inFlight.size() == CHUNKS_IN_FLIGHT) {
                    finish(inFlight.removeFirst(), inFlight, resumeAt, eachChunk);
                }
                inFlight.addLast(new InFlight(chunk, projecting.submit(() -> projector.project(chunk))));
            }
        }
        finishAll(inFlight, resumeAt, eachChunk);
        // Records read past end stay unapplied; seek back so the next drain starts exactly at end.
        seek(end);
        return true;
    }

    private static void finishAll(
            Deque<InFlight> inFlight, Map<TopicPartition, Long> resumeAt, Consumer<RunOutcome> eachChunk) {
        while (!inFlight.isEmpty()) {
            finish(inFlight.removeFirst(), inFlight, resumeAt, eachChunk);
        }
    }

    /** Waits for a chunk, reports it and moves the resume points past it; on failure waits for the rest first. */
    private static void finish(
            InFlight chunk,
            Deque<InFlight> others,
            Map<TopicPartition, Long> resumeAt,
            Consumer<RunOutcome> eachChunk) {
        RunOutcome projected;
        try {
            projected = await(chunk.projected());
        } catch (RuntimeException | Error e) {
            for (InFlight other : others) {
                try {
                    await(other.projected());
                } catch (RuntimeException | Error alsoFailed) {
                    e.addSuppressed(alsoFailed);
                }
            }
            others.clear();
            throw e;
        }
        eachChunk.accept(projected);
        chunk.records()
                .forEach(r -> resumeAt.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max));
    }

    private static RunOutcome await(Future<RunOutcome> projected) {
        try {
            return projected.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a chunk was being projected", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        projecting.shutdownNow();
        consumer.close();
    }
}
