package io.feedbackpipeline.processor.consume;

import io.feedbackpipeline.processor.deadletter.DeadLetterPublisher;
import io.feedbackpipeline.processor.stall.StallMonitor;
import io.feedbackpipeline.projection.Projector;
import io.feedbackpipeline.projection.RunOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Service;

/**
 * One consumer batch, start to finish: project it (bounded transactions, data refusals isolated), then, with its
 * fate decided, park its dead letters, and only then return so the container commits the offsets. Any failure
 * (database or broker outage) propagates before a dead letter was sent: the error handler retries the whole batch
 * with back-off, which is safe because every write is idempotent, and publishes each dead letter once.
 */
@Service
class BatchProjection {

    private final Projector projector;
    private final DeadLetterPublisher deadLetters;
    private final BatchMetrics metrics;
    private final StallMonitor stalls;
    private final IngestActivity activity;

    BatchProjection(
            Projector projector,
            DeadLetterPublisher deadLetters,
            BatchMetrics metrics,
            StallMonitor stalls,
            IngestActivity activity) {
        this.projector = projector;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.stalls = stalls;
        this.activity = activity;
    }

    void project(List<ConsumerRecord<byte[], byte[]>> records) {
        activity.batch(records.size());
        long began = System.nanoTime();
        RunOutcome projected = projector.project(records);
        deadLetters.publish(projected.rejected());
        Instant committed = Instant.now();
        metrics.batch(projected, Duration.ofNanos(System.nanoTime() - began), committed);
        stalls.succeeded(partitionsOf(records));
    }

    static Set<TopicPartition> partitionsOf(Iterable<? extends ConsumerRecord<?, ?>> records) {
        Set<TopicPartition> partitions = new LinkedHashSet<>();
        records.forEach(record -> partitions.add(new TopicPartition(record.topic(), record.partition())));
        return partitions;
    }
}
