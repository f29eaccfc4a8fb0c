package io.feedbackpipeline.gateway.pipeline;

import io.feedbackpipeline.schemas.contract.DeadLetter;
import io.feedbackpipeline.schemas.contract.TopicContract;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.EventDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every dead letter, attributed to the project its event names, read by tailing the dead-letter topics from their
 * beginning with a consumer of its own (no group: each gateway keeps its own index). A letter whose bytes name no
 * project (undecodable, unknown schema, value omitted) is counted as unattributed and shown to no project: its
 * content could be anyone's. Keeps each project's newest {@code dead-letters-per-project} letters and every
 * project's counts by reason. When the broker goes away it reconnects and reads again from the beginning.
 */
@Component
class DeadLetterIndex implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterIndex.class);
    private static final Duration QUIET = Duration.ofMinutes(1);

    /** A project's letters: the newest first, and how many of each reason it ever had. */
    record ProjectLetters(List<LetterSummary> newest, Map<String, Long> seenByReason) {}

    private final Map<String, Object> consumerConfig;
    private final int kept;
    private final Map<String, EventDeserializer<?>> decoders = new HashMap<>();
    private final Map<UUID, Deque<LetterSummary>> letters = new HashMap<>();
    private final Map<UUID, Map<String, Long>> seenByReason = new HashMap<>();
    private final Map<String, Long> unattributed = new TreeMap<>();
    private volatile boolean running;
    private volatile boolean caughtUp;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Thread tail;
    private Instant lastWarning = Instant.EPOCH;

    DeadLetterIndex(KafkaProperties kafka, ConsoleProperties properties) {
        this.consumerConfig = kafka.buildConsumerProperties();
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        this.kept = properties.deadLettersPerProject();
        for (TopicContract<?> contract : Topics.INPUTS) {
            decoders.put(contract.deadLetterTopic(), new EventDeserializer<>(contract.valueType()));
        }
    }

    synchronized ProjectLetters of(UUID project) {
        return new ProjectLetters(
                List.copyOf(letters.getOrDefault(project, new ArrayDeque<>())),
                Map.copyOf(seenByReason.getOrDefault(project, Map.of())));
    }

    synchronized Optional<LetterSummary> find(UUID project, String id) {
        return letters.getOrDefault(project, new ArrayDeque<>()).stream()
                .filter(letter -> letter.id().equals(id))
                .findFirst();
    }

    synchronized Map<String, Long> unattributed() {
        return Map.copyOf(unattributed);
    }

    /** Whether every letter that was on the topics when the index (re)connected has been read. */
    boolean caughtUp() {
        return caughtUp;
    }

    synchronized void add(DeadLetter letter) {
        Optional<UUID> project = projectOf(letter);
        if (project.isEmpty()) {
            unattributed.merge(letter.reason(), 1L, Long::sum);
            return;
        }
        Deque<LetterSummary> newest = letters.computeIfAbsent(project.get(), p -> new ArrayDeque<>());
        newest.addFirst(LetterSummary.of(letter));
        while (newest.size() > kept) {
            newest.removeLast();
        }
        seenByReason.computeIfAbsent(project.get(), p -> new TreeMap<>()).merge(letter.reason(), 1L, Long::sum);
    }

    private Optional<UUID> projectOf(DeadLetter letter) {
        EventDeserializer<?> decoder = decoders.get(letter.record().topic());
        if (decoder == null || letter.record().value() == null) {
            return Optional.empty();
        }
        try {
            Object project = ((GenericRecord) decoder.deserialize(
                            letter.record().topic(), letter.record().value()))
                    .get("project_id");
            return project == null ? Optional.empty() : Optional.of(UUID.fromString(project.toString()));
        } catch (RuntimeException e) {
            return Optional.empty(); // not an event we can read: whose it is cannot be told
        }
    }

    private synchronized void clear() {
        letters.clear();
        seenByReason.clear();
        unattributed.clear();
        caughtUp = false;
    }

    private void tail() {
        while (running) {
            try (KafkaConsumer<byte[], byte[]> reading =
                    new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer = reading;
                clear();
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : decoders.keySet()) {
                    reading.partitionsFor(topic, Duration.ofSeconds(10))
                            .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                }
                reading.assign(partitions);
                reading.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = reading.endOffsets(partitions);
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : reading.poll(Duration.ofMillis(500))) {
                        add(new DeadLetter(record));
                    }
                    if (!caughtUp) {
                        caughtUp = ends.entrySet().stream()
                                .allMatch(end -> reading.position(end.getKey()) >= end.getValue());
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                warn(e);
                pause();
            }
        }
    }

    private void warn(RuntimeException e) {
        Instant now = Instant.now();
        if (Duration.between(lastWarning, now).compareTo(QUIET) >= 0) {
            lastWarning = now;
            log.warn("Cannot read the dead-letter topics (will retry): {}", e.toString());
        }
    }

    private void pause() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void start() {
        running = true;
        tail = new Thread(this::tail, "dead-letter-index");
        tail.setDaemon(true);
        tail.start();
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> reading = consumer;
        if (reading != null) {
            reading.wakeup();
        }
        if (tail != null) {
            tail.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
