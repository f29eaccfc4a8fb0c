package io.feedbackpipeline.processor.deadletter;

import io.feedbackpipeline.processor.intake.Intake.Rejected;
import io.feedbackpipeline.processor.intake.Rejection;
import io.feedbackpipeline.schemas.contract.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Parks records that cannot be projected on the {@code .dlt} twin of their topic: original key, value and headers
 * unchanged, plus headers saying why and where from. Waits for the broker's ack before the batch's offsets may be
 * committed, so a dead letter is never lost; if the broker does not ack, the batch is retried.
 */
@Component
public class DeadLetterPublisher {

    private final KafkaTemplate<byte[], byte[]> kafka;
    private final DeadLetterMetrics metrics;

    DeadLetterPublisher(KafkaTemplate<byte[], byte[]> deadLetterTemplate, DeadLetterMetrics metrics) {
        this.kafka = deadLetterTemplate;
        this.metrics = metrics;
    }

    public void publish(List<Rejected> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        List<CompletableFuture<SendResult<byte[], byte[]>>> acks = new ArrayList<>();
        for (Rejected letter : rejected) {
            acks.add(kafka.send(deadLetter(letter.record(), letter.rejection())));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(40, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing dead letters", e);
        } catch (Exception e) {
            throw new DeadLetterUnavailableException(e);
        }
        rejected.forEach(letter -> metrics.deadLettered(letter.record().topic(), letter.rejection().reason()));
    }

    private static ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> original,
            Rejection rejection) {
        ProducerRecord<byte[], byte[]> letter =
                new ProducerRecord<>(original.topic() + ".dlt", null, original.key(), original.value());
        for (Header header : original.headers()) {
            letter.headers().add(header);
        }
        add(letter, DeadLetterHeaders.REASON, rejection.reason());
        add(letter, DeadLetterHeaders.DETAIL, rejection.detail());
        add(letter, DeadLetterHeaders.EXCEPTION, rejection.exceptionClass());
        add(letter, DeadLetterHeaders.ORIGINAL_TOPIC, original.topic());
        add(letter, DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(original.partition()));
        add(letter, DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(original.offset()));
        add(letter, DeadLetterHeaders.ORIGINAL_TIMESTAMP, Instant.ofEpochMilli(original.timestamp()).toString());
        add(letter, DeadLetterHeaders.FAILED_AT, Instant.now().toString());
        return letter;
    }

    private static void add(ProducerRecord<byte[], byte[]> record, String name, String value) {
        record.headers().add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }

    /** The broker did not take the dead letters: a transient failure, the batch is retried. */
    static final class DeadLetterUnavailableException extends org.apache.kafka.common.errors.RetriableException {
        DeadLetterUnavailableException(Throwable cause) {
            super("dead letters were not acknowledged by the broker", cause);
        }
    }
}
