package io.feedbackpipeline.processor.consume;

import io.feedbackpipeline.projection.RunOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * What the processor exposes on {@code /actuator/prometheus} besides the Kafka client's own metrics (consumer lag
 * is {@code kafka_consumer_fetch_manager_records_lag}) and the stall gauges: batch sizes, items in versus rows
 * written, batch time, visibility latency from the gateway's receive time to commit, failed attempts.
 */
@Component
class BatchMetrics {

    private final DistributionSummary batchRecords;
    private final Counter itemsIn;
    private final Counter rowsWritten;
    private final Counter transactions;
    private final Timer commit;
    private final Timer visibility;
    private final Counter retries;

    BatchMetrics(MeterRegistry meters) {
        batchRecords = DistributionSummary.builder("feedback.processor.batch.records")
                .description("records per consumer batch")
                .publishPercentileHistogram()
                .register(meters);
        itemsIn = Counter.builder("feedback.processor.items.in")
                .description("feedback items read")
                .register(meters);
        rowsWritten = Counter.builder("feedback.processor.rows.written")
                .description("projection rows inserted or changed")
                .register(meters);
        transactions = Counter.builder("feedback.processor.transactions")
                .description("projection transactions committed")
                .register(meters);
        commit = Timer.builder("feedback.processor.commit.latency")
                .description("time to project a consumer batch and park its dead letters")
                .publishPercentileHistogram()
                .register(meters);
        visibility = Timer.builder("feedback.processor.visibility.latency")
                .description("from received_at to the projection's commit")
                .publishPercentileHistogram()
                .register(meters);
        retries = Counter.builder("feedback.processor.retries")
                .description("batch attempts that failed (an outage) and will be retried")
                .register(meters);
    }

    void batch(RunOutcome projected, Duration batchTime, Instant committed) {
        batchRecords.record(projected.records());
        itemsIn.increment(projected.items());
        rowsWritten.increment(projected.written().total());
        transactions.increment(projected.transactions());
        commit.record(batchTime);
        projected.receivedAt().forEach(at -> visibility.record(Duration.between(at, committed)));
    }

    void failedAttempt() {
        retries.increment();
    }
}
