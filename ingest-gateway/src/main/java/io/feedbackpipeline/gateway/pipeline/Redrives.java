package io.feedbackpipeline.gateway.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.feedbackpipeline.schemas.contract.DeadLetter;
import io.feedbackpipeline.schemas.contract.DurableProducer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Sends a dead letter back to its source topic, unchanged ({@link DeadLetter#backToSource()}), and records who did
 * when (V12). The record is read again from the dead-letter topic by its id, so what goes back is exactly what
 * failed, whatever the index keeps.
 */
@Component
class Redrives implements AutoCloseable {

    /** A re-drive done: the letter, and where its record now lies on the source topic. */
    record Redriven(
            @JsonProperty("letter_id") String letterId,
            @JsonProperty("sent_to") String sentTo,
            @JsonProperty("redriven_at") Instant at) {}

    private final Map<String, Object> consumerConfig;
    private final KafkaProducer<byte[], byte[]> producer;
    private final JdbcClient jdbc;

    Redrives(KafkaProperties kafka, JdbcClient jdbc) {
        this.consumerConfig = kafka.buildConsumerProperties();
        consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        Map<String, Object> producerConfig = kafka.buildProducerProperties();
        producerConfig.putAll(DurableProducer.durability());
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 9_000);
        this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        this.jdbc = jdbc;
    }

    /** When each of the project's letters was re-driven, by id. */
    Map<String, Instant> redrivenAt(UUID project) {
        return jdbc
                .sql("SELECT letter_id, redriven_at FROM dead_letter_redrive WHERE project_id = ?")
                .param(project)
                .query((row, n) ->
                        Map.entry(row.getString(1), row.getTimestamp(2).toInstant()))
                .list()
                .stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Re-publishes the letter, waits for the broker's ack, then records it; throws if any step fails. */
    Redriven redrive(UUID project, LetterSummary summary, String actor) throws Exception {
        DeadLetter letter = read(summary.id());
        RecordMetadata sent = producer.send(letter.backToSource()).get(15, TimeUnit.SECONDS);
        Instant at = jdbc.sql("""
                        INSERT INTO dead_letter_redrive (letter_id, project_id, actor) VALUES (?, ?, ?)
                        ON CONFLICT (letter_id) DO UPDATE SET redriven_at = now(), actor = EXCLUDED.actor
                        RETURNING redriven_at""")
                .param(letter.id())
                .param(project)
                .param(actor)
                .query(java.sql.Timestamp.class)
                .single()
                .toInstant();
        return new Redriven(letter.id(), sent.topic() + ":" + sent.partition() + ":" + sent.offset(), at);
    }

    private DeadLetter read(String id) {
        int offsetAt = id.lastIndexOf(':');
        int partitionAt = id.lastIndexOf(':', offsetAt - 1);
        TopicPartition partition = new TopicPartition(
                id.substring(0, partitionAt), Integer.parseInt(id.substring(partitionAt + 1, offsetAt)));
        long offset = Long.parseLong(id.substring(offsetAt + 1));
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        return new DeadLetter(record);
                    }
                }
            }
        }
        throw new IllegalStateException("dead letter " + id + " could not be read back from its topic in 10 s");
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
