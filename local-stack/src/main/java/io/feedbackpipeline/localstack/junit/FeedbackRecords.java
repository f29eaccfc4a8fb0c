package io.feedbackpipeline.localstack.junit;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/** Writes a FeedbackBatch to {@code feedback.v1} as a direct producer would, and reads one back by position. */
public final class FeedbackRecords {

    private FeedbackRecords() {}

    /** One thumbs up or down (type 1) from a direct producer, given and received at {@code at}. */
    public static FeedbackBatch thumb(UUID project, String usageId, boolean positive, Instant at) {
        return FeedbackBatch.newBuilder()
                .setEventId(UUID.randomUUID())
                .setProjectId(project)
                .setEndpointId(null)
                .setReceivedAt(at)
                .setSource(FeedbackSource.DIRECT_PRODUCER)
                .setRequestId(null)
                .setItems(List.of(FeedbackItem.newBuilder()
                        .setUsageId(usageId)
                        .setFeedbackTypeId(1)
                        .setFlag(positive)
                        .setOccurredAt(at)
                        .build()))
                .build();
    }

    public static RecordMetadata produce(String bootstrapServers, FeedbackBatch batch) {
        Map<String, Object> config = DurableProducer.settings(bootstrapServers, Map.of());
        try (var producer =
                new KafkaProducer<>(config, Topics.FEEDBACK.keySerializer(), Topics.FEEDBACK.valueSerializer())) {
            String key = batch.getItems().get(0).getUsageId();
            return producer.send(new ProducerRecord<>(Topics.FEEDBACK.name(), key, batch))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker did not ack", e.getCause());
        }
    }

    /**
     * {@code count} thumbs of {@code project}, each for a new usage id and up or down in turn, in one producer, and
     * waits until the broker acked them all.
     */
    public static void produceThumbs(String bootstrapServers, UUID project, int count) {
        Map<String, Object> config = DurableProducer.settings(bootstrapServers, Map.of());
        try (var producer =
                new KafkaProducer<>(config, Topics.FEEDBACK.keySerializer(), Topics.FEEDBACK.valueSerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String usage = "u-" + UUID.randomUUID();
                Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
                acks.add(producer.send(
                        new ProducerRecord<>(Topics.FEEDBACK.name(), usage, thumb(project, usage, i % 2 == 0, now))));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker did not ack", e.getCause());
        }
    }

    /** The decoded record at {@code position}; fails after 30 s. */
    public static FeedbackBatch readAt(String bootstrapServers, RecordMetadata position) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        try (var consumer =
                new KafkaConsumer<>(config, Topics.FEEDBACK.keyDeserializer(), Topics.FEEDBACK.valueDeserializer())) {
            TopicPartition partition = new TopicPartition(position.topic(), position.partition());
            consumer.assign(List.of(partition));
            consumer.seek(partition, position.offset());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, FeedbackBatch> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == position.offset()) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("record at " + position + " was not read back");
    }
}
