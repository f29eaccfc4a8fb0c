package io.feedbackpipeline.benchmarks.load;

import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.feedbackpipeline.schemas.contract.DurableProducer;
import io.feedbackpipeline.schemas.contract.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The raw Kafka producer at the gateway's record size and settings ({@code acks=all}, idempotence, zstd, 1 ms
 * linger), with as many sends in flight as the HTTP run has connections, each waiting for its ack like a request:
 * the ceiling of what the gateway can acknowledge on this broker.
 */
public final class RawProducer {

    private RawProducer() {}

    public static LoadResult run(
            String bootstrapServers, UUID project, int feedbackTypeId, int inFlight, Duration duration)
            throws Exception {
        try (KafkaProducer<String, FeedbackBatch> producer = new KafkaProducer<>(
                DurableProducer.settings(
                        bootstrapServers,
                        Map.of(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd", ProducerConfig.LINGER_MS_CONFIG, 1)),
                Topics.FEEDBACK.keySerializer(),
                Topics.FEEDBACK.valueSerializer())) {
            ExecutorService senders = Executors.newFixedThreadPool(inFlight);
            long end = System.nanoTime() + duration.toNanos();
            List<Future<Histogram>> workers = new ArrayList<>();
            for (int s = 0; s < inFlight; s++) {
                int sender = s;
                workers.add(senders.submit(() -> {
                    Histogram latency = new Histogram(60_000_000_000L, 3);
                    for (long n = 0; System.nanoTime() < end; n++) {
                        String usageId = "producer-" + sender + "-" + (n % 1000);
                        long began = System.nanoTime();
                        producer.send(new ProducerRecord<>(
                                        Topics.FEEDBACK.name(),
                                        usageId,
                                        paradigmSized(project, feedbackTypeId, usageId, n)))
                                .get();
                        latency.recordValue(System.nanoTime() - began);
                    }
                    return latency;
                }));
            }
            Histogram all = new Histogram(60_000_000_000L, 3);
            for (Future<Histogram> worker : workers) {
                all.add(worker.get());
            }
            senders.shutdown();
            return new LoadResult(
                    "kafka-producer",
                    all.getTotalCount() / (double) duration.toSeconds(),
                    all.getValueAtPercentile(50) / 1e6,
                    all.getValueAtPercentile(99) / 1e6,
                    all.getValueAtPercentile(99.9) / 1e6,
                    0);
        }
    }

    /** The record one Paradigm call publishes: one item, a request id, the gateway's fields. */
    private static FeedbackBatch paradigmSized(UUID project, int type, String usageId, long n) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return FeedbackBatch.newBuilder()
                .setEventId(UUID.randomUUID())
                .setProjectId(project)
                .setEndpointId(null)
                .setReceivedAt(now)
                .setSource(FeedbackSource.PARADIGM_API)
                .setRequestId(UUID.randomUUID().toString())
                .setItems(List.of(FeedbackItem.newBuilder()
                        .setUsageId(usageId)
                        .setFeedbackTypeId(type)
                        .setValue((double) (n % 100))
                        .setOccurredAt(now)
                        .build()))
                .build();
    }
}
