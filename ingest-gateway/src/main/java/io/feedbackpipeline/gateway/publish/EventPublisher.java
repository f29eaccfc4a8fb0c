package io.feedbackpipeline.gateway.publish;

import io.feedbackpipeline.gateway.config.GatewayProperties;
import io.feedbackpipeline.gateway.http.GatewayException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes one event and waits for the broker's ack ({@code acks=all}, idempotent producer). The HTTP layer only
 * answers 2xx after this returns; when the ack does not come within the delivery timeout it answers 503 with
 * Retry-After, and the producer has given up on the record by then too.
 */
@Component
public class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
    private static final Duration MARGIN = Duration.ofMillis(500);

    private final KafkaTemplate<String, SpecificRecord> kafka;
    private final Duration timeout;
    private final Timer acked;
    private final MeterRegistry meters;

    EventPublisher(KafkaTemplate<String, SpecificRecord> kafka, GatewayProperties properties, MeterRegistry meters) {
        this.kafka = kafka;
        this.timeout = properties.publish().deliveryTimeout().plus(MARGIN);
        this.meters = meters;
        this.acked = Timer.builder("feedback.publish.latency").description("time from send to broker ack")
                .publishPercentileHistogram().register(meters);
    }

    public RecordMetadata publish(String topic, String key, SpecificRecord event, Map<String, String> headers) {
        ProducerRecord<String, SpecificRecord> record = new ProducerRecord<>(topic, key, event);
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        long began = System.nanoTime();
        try {
            RecordMetadata metadata = kafka.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS).getRecordMetadata();
            acked.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
            return metadata;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(topic, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw unavailable(topic, e);
        }
    }

    private GatewayException unavailable(String topic, Exception cause) {
        meters.counter("feedback.publish.failures", "topic", topic).increment();
        log.warn("Kafka did not ack a record for {}: {}", topic, cause.toString());
        return new GatewayException(HttpStatus.SERVICE_UNAVAILABLE,
                "The event could not be stored durably right now; nothing was accepted. Retry later.",
                Duration.ofSeconds(5));
    }
}
