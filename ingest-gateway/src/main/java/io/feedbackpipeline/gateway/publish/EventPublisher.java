package io.feedbackpipeline.gateway.publish;

import io.feedbackpipeline.schemas.serde.EventSerializer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes one event ({@code acks=all}, idempotent producer) and returns a future of the broker's ack; no request
 * thread waits for it. The HTTP layer answers 2xx only when the future completes, and 503 when it fails with
 * {@link BrokerUnconfirmed} (no ack within the delivery timeout) or {@link PublishQueueFull} (too many events or
 * bytes pending: this event was not sent). The producer gives up on a record at the delivery timeout as well. What
 * waits is budgeted in bytes as well as in events, so a slow broker cannot make the gateway hold more than
 * {@code max-pending-bytes} of events, however large each is.
 *
 * <p>The producer's {@code send} blocks its caller while the topic's metadata is unknown (a broker that is down or
 * restarting), so sends run on a small dispatch pool: those threads may wait, request threads never do. A send whose
 * request has already been answered is not made.
 */
@Component
class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
    private static final Duration MARGIN = Duration.ofMillis(500);
    private static final int DISPATCH_THREADS = 2;

    private final KafkaTemplate<String, byte[]> kafka;
    private final EventSerializer<SpecificRecord> serializer = new EventSerializer<>();
    private final Duration timeout;
    private final Semaphore pending;
    private final int maxPending;
    private final Semaphore pendingBytes;
    private final int maxPendingBytes;
    private final Timer acked;
    private final Counter queueFull;
    private final MeterRegistry meters;
    private final ExecutorService dispatch = Executors.newFixedThreadPool(DISPATCH_THREADS, runnable -> {
        Thread thread = new Thread(runnable, "publish-dispatch");
        thread.setDaemon(true);
        return thread;
    });

    EventPublisher(KafkaTemplate<String, byte[]> kafka, PublishProperties properties, MeterRegistry meters) {
        this.kafka = kafka;
        this.timeout = properties.deliveryTimeout().plus(MARGIN);
        this.maxPending = properties.maxPending();
        this.pending = new Semaphore(maxPending);
        this.maxPendingBytes =
                (int) Math.min(Integer.MAX_VALUE, properties.maxPendingBytes().toBytes());
        this.pendingBytes = new Semaphore(maxPendingBytes);
        this.meters = meters;
        this.acked = Timer.builder("feedback.publish.latency")
                .description("time from send to broker ack")
                .publishPercentileHistogram()
                .register(meters);
        this.queueFull = Counter.builder("feedback.publish.refused")
                .description("events refused unsent because too many acks were pending")
                .register(meters);
        meters.gauge("feedback.publish.pending", pending, waiting -> maxPending - waiting.availablePermits());
        meters.gauge(
                "feedback.publish.pending.bytes",
                pendingBytes,
                waiting -> maxPendingBytes - waiting.availablePermits());
    }

    public CompletableFuture<RecordMetadata> publish(OutgoingRecord outgoing) {
        String topic = outgoing.topic();
        byte[] value = serializer.serialize(topic, outgoing.event());
        int size = Math.min(value.length, maxPendingBytes);
        if (!pending.tryAcquire()) {
            queueFull.increment();
            return CompletableFuture.failedFuture(new PublishQueueFull(maxPending));
        }
        if (!pendingBytes.tryAcquire(size)) {
            pending.release();
            queueFull.increment();
            return CompletableFuture.failedFuture(new PublishQueueFull(maxPending));
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, outgoing.key(), value);
        outgoing.headers()
                .forEach((name, header) -> record.headers().add(name, header.getBytes(StandardCharsets.UTF_8)));
        long began = System.nanoTime();
        long answeredBy = began + timeout.toNanos();
        CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
        dispatch.execute(() -> {
            if (System.nanoTime() > answeredBy) {
                ack.completeExceptionally(new IllegalStateException("not sent: the request was already answered"));
                return;
            }
            try {
                kafka.send(record).whenComplete((result, failure) -> {
                    if (failure != null) {
                        ack.completeExceptionally(failure);
                    } else {
                        ack.complete(result.getRecordMetadata());
                    }
                });
            } catch (RuntimeException e) {
                ack.completeExceptionally(e);
            }
        });
        return ack.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).handle((metadata, failure) -> {
            pending.release();
            pendingBytes.release(size);
            if (failure != null) {
                meters.counter("feedback.publish.failures", "topic", topic).increment();
                log.warn(
                        "Kafka did not confirm a record for {}: {}",
                        topic,
                        rootCause(failure).toString());
                throw new CompletionException(new BrokerUnconfirmed(topic, failure));
            }
            acked.record(System.nanoTime() - began, TimeUnit.NANOSECONDS);
            return metadata;
        });
    }

    @PreDestroy
    void stop() {
        dispatch.shutdown();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }
}
