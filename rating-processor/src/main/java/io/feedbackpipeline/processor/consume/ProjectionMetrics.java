package io.feedbackpipeline.processor.consume;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * What the processor exposes on {@code /actuator/prometheus} besides the Kafka client's own metrics (consumer lag
 * is {@code kafka_consumer_fetch_manager_records_lag}): batch sizes, items in versus rows written, commit latency,
 * visibility latency from the gateway's receive time to commit, retries during outages.
 */
@Component
class ProjectionMetrics {

    private final DistributionSummary batchRecords;
    private final Counter itemsIn;
    private final Counter rowsWritten;
    private final Timer commit;
    private final Timer visibility;
    private final Counter retries;
    private final AtomicInteger retrying = new AtomicInteger();

    ProjectionMetrics(MeterRegistry meters) {
        batchRecords = DistributionSummary.builder("feedback.processor.batch.records")
                .description("records per consumer batch").publishPercentileHistogram().register(meters);
        itemsIn = Counter.builder("feedback.processor.items.in").description("feedback items read").register(meters);
        rowsWritten = Counter.builder("feedback.processor.rows.written")
                .description("projection rows inserted or changed").register(meters);
        commit = Timer.builder("feedback.processor.commit.latency").description("projection transaction time")
                .publishPercentileHistogram().register(meters);
        visibility = Timer.builder("feedback.processor.visibility.latency")
                .description("from received_at to the projection's commit").publishPercentileHistogram()
                .register(meters);
        retries = Counter.builder("feedback.processor.retries")
                .description("batch attempts that failed transiently (database or broker outage)").register(meters);
        meters.gauge("feedback.processor.retrying", retrying);
    }

    void batch(int records, int items, int rows, Duration commitTime, List<Instant> receivedAt, Instant committed) {
        batchRecords.record(records);
        itemsIn.increment(items);
        rowsWritten.increment(rows);
        commit.record(commitTime);
        receivedAt.forEach(at -> visibility.record(Duration.between(at, committed)));
        retrying.set(0);
    }

    void transientFailure() {
        retries.increment();
        retrying.set(1);
    }
}
