package io.feedbackpipeline.examples;

// --- docs/direct-producers.md shows this class; DirectProducerExampleIT runs it against a real broker. ---
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.feedbackpipeline.schemas.contract.Topics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

public final class DirectProducerExample implements AutoCloseable {

    private final KafkaProducer<String, FeedbackBatch> producer;

    public DirectProducerExample(String bootstrapServers) {
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.ACKS_CONFIG,
                        "all", // durable: all in-sync replicas
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true, // no duplicates from retries
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "zstd"),
                Topics.FEEDBACK.keySerializer(),
                Topics.FEEDBACK.valueSerializer());
    }

    /** Publishes one thumbs up/down on a completion log and waits for the broker's ack. */
    public RecordMetadata rate(UUID projectId, String usageId, boolean positive) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        FeedbackBatch batch = FeedbackBatch.newBuilder()
                .setEventId(UUID.randomUUID()) // keep it if you retry the same batch yourself
                .setProjectId(projectId)
                .setEndpointId(null)
                .setReceivedAt(now)
                .setSource(FeedbackSource.DIRECT_PRODUCER)
                .setRequestId(null)
                .setItems(List.of(FeedbackItem.newBuilder()
                        .setUsageId(usageId)
                        .setFeedbackTypeId(1) // built-in positive_rating (BOOLEAN)
                        .setFlag(positive)
                        .setOccurredAt(now) // when the user gave it: last write wins by this time
                        .build()))
                .build();
        return producer.send(new ProducerRecord<>(Topics.FEEDBACK.name(), usageId, batch))
                .get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
// --- end of the documented example ---
