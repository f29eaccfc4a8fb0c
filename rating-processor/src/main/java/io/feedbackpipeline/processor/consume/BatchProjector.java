package io.feedbackpipeline.processor.consume;

import io.feedbackpipeline.merge.Merge;
import io.feedbackpipeline.processor.deadletter.DeadLetterPublisher;
import io.feedbackpipeline.processor.intake.Intake;
import io.feedbackpipeline.processor.intake.Intake.Rejected;
import io.feedbackpipeline.processor.intake.Intake.Sorted;
import io.feedbackpipeline.processor.intake.Rejection;
import io.feedbackpipeline.processor.projection.ProjectionWriter;
import io.feedbackpipeline.processor.projection.ProjectionWriter.Written;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * One consumer batch, start to finish: sort records into writes and dead letters, park the dead letters, fold the
 * writes to one winner per key, write the winners in one transaction. Returns normally only when everything is
 * durable, so the container commits offsets only after the database committed.
 *
 * <p>Transient failures (database or broker down) propagate: the error handler retries the whole batch with
 * back-off, which is safe because every step is idempotent. Any other failure of the projection is a record the
 * database refuses despite validation; the batch is then written record by record and only the refused ones go to
 * the dead-letter topic.
 */
@Service
public class BatchProjector {

    private static final Logger log = LoggerFactory.getLogger(BatchProjector.class);

    private final Intake intake;
    private final DeadLetterPublisher deadLetters;
    private final ProjectionWriter writer;
    private final ProjectionMetrics metrics;

    BatchProjector(Intake intake, DeadLetterPublisher deadLetters, ProjectionWriter writer,
            ProjectionMetrics metrics) {
        this.intake = intake;
        this.deadLetters = deadLetters;
        this.writer = writer;
        this.metrics = metrics;
    }

    public Written project(List<ConsumerRecord<byte[], byte[]>> records) {
        Sorted sorted = intake.sort(records);
        deadLetters.publish(sorted.rejected());
        long began = System.nanoTime();
        Written written;
        try {
            written = writer.write(Merge.feedback(sorted.feedback()), Merge.logs(sorted.logs()));
        } catch (RuntimeException e) {
            if (TransientFailures.isTransient(e)) {
                throw e;
            }
            log.error("The database refused a batch of {} records that passed validation; isolating the record(s)",
                    records.size(), e);
            written = recordByRecord(records);
        }
        metrics.batch(records.size(), sorted.items(), written.total(), Duration.ofNanos(System.nanoTime() - began),
                sorted.receivedAt(), Instant.now());
        return written;
    }

    private Written recordByRecord(List<ConsumerRecord<byte[], byte[]>> records) {
        int feedbackRows = 0;
        int logRows = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Sorted one = intake.sort(List.of(record));
            try {
                Written written = writer.write(Merge.feedback(one.feedback()), Merge.logs(one.logs()));
                feedbackRows += written.feedbackRows();
                logRows += written.logRows();
            } catch (RuntimeException e) {
                if (TransientFailures.isTransient(e)) {
                    throw e;
                }
                deadLetters.publish(List.of(new Rejected(record, new Rejection(Rejection.PROJECTION_REJECTED,
                        rootCause(e).toString(), e.getClass().getName()))));
            }
        }
        return new Written(feedbackRows, logRows);
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    void transientFailure() {
        metrics.transientFailure();
    }
}
