package io.feedbackpipeline.processor.deadletter;

import io.feedbackpipeline.projection.intake.Rejected;
import io.feedbackpipeline.projection.intake.Rejection;
import io.feedbackpipeline.schemas.contract.DeadLetterHeaders;
import io.feedbackpipeline.schemas.contract.DeadLetterReason;
import io.feedbackpipeline.schemas.contract.TopicContract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Parks records that cannot be projected on the {@code .dlt} twin of their topic: original key, value and headers
 * unchanged, plus headers saying why and where from. Called once a batch's fate is decided (after its writes
 * committed) and before its offsets are committed, and waits for the broker's acks, so a dead letter is never lost
 * and a batch retried through an outage does not publish its dead letters again. If the broker does not ack, the
 * batch is retried (an outage).
 *
 * <p>A dead letter the broker can never take, because the original plus its headers exceed the topic's size limit,
 * is sent without its value and with {@code dlt.value-omitted}: the original stays readable at its offset.
 */
@Component
public class DeadLetterPublisher {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(40);

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
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (Rejected letter : rejected) {
            boolean keepValue = letter.rejection().reason() != DeadLetterReason.TOO_LARGE;
            acks.add(send(deadLetter(letter, keepValue)).exceptionallyCompose(failure -> {
                if (keepValue && causedBy(failure, RecordTooLargeException.class)) {
                    log.warn(
                            "Dead letter of {}-{}@{} is too large for {}; sending it without its value",
                            letter.record().topic(),
                            letter.record().partition(),
                            letter.record().offset(),
                            TopicContract.deadLetterTopicOf(letter.record().topic()));
                    return send(deadLetter(letter, false));
                }
                return CompletableFuture.failedFuture(failure);
            }));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterUnavailableException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DeadLetterUnavailableException(e);
        }
        rejected.forEach(letter -> metrics.deadLettered(
                letter.record().topic(), letter.rejection().reason().wireName()));
    }

    private CompletableFuture<Object> send(ProducerRecord<byte[], byte[]> letter) {
        try {
            return kafka.send(letter).thenApply(acked -> acked);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e); // e.g. a size check that fails before the send is queued
        }
    }

    private static ProducerRecord<byte[], byte[]> deadLetter(Rejected rejected, boolean keepValue) {
        ConsumerRecord<byte[], byte[]> original = rejected.record();
        Rejection rejection = rejected.rejection();
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(
                TopicContract.deadLetterTopicOf(original.topic()),
                null,
                original.key(),
                keepValue ? original.value() : null);
        for (Header header : original.headers()) {
            letter.headers().add(header);
        }
        add(letter, DeadLetterHeaders.REASON, rejection.reason().wireName());
        add(letter, DeadLetterHeaders.DETAIL, rejection.detail());
        add(letter, DeadLetterHeaders.EXCEPTION, rejection.exceptionClass());
        add(letter, DeadLetterHeaders.ORIGINAL_TOPIC, original.topic());
        add(letter, DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(original.partition()));
        add(letter, DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(original.offset()));
        add(
                letter,
                DeadLetterHeaders.ORIGINAL_TIMESTAMP,
                Instant.ofEpochMilli(original.timestamp()).toString());
        add(letter, DeadLetterHeaders.FAILED_AT, Instant.now().toString());
        if (!keepValue) {
            add(
                    letter,
                    DeadLetterHeaders.VALUE_OMITTED,
                    "the original (" + length(original.value())
                            + " bytes) is too large for the dead-letter topic; read it at its original offset");
        }
        return letter;
    }

    private static int length(byte[] value) {
        return value == null ? 0 : value.length;
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static void add(ProducerRecord<byte[], byte[]> record, String name, String value) {
        record.headers().add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }

    /** The broker did not take the dead letters: an outage; the batch is retried. */
    public static final class DeadLetterUnavailableException extends RuntimeException {
        DeadLetterUnavailableException(Throwable cause) {
            super("dead letters were not acknowledged by the broker: " + cause, cause);
        }
    }
}
