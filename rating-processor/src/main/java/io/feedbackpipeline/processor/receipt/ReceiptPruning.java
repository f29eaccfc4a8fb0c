package io.feedbackpipeline.processor.receipt;

import io.feedbackpipeline.processor.config.ProcessorProperties;
import io.feedbackpipeline.support.timer.Periodic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.postgresql.util.PGInterval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Removes receipts older than {@code pipeline.processor.receipts.keep}, through {@code prune_event_receipts} (V14):
 * the processor holds no DELETE on the table, so it can prune expired receipts and nothing else. A batch at a time
 * until none is left; a failure is logged at most once a minute and tried again next round.
 */
@Component
class ReceiptPruning implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReceiptPruning.class);
    private static final Duration QUIET = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final ProcessorProperties.Receipts settings;
    private final Counter pruned;
    private final Periodic timer;
    private volatile Instant lastWarning = Instant.EPOCH;

    ReceiptPruning(JdbcClient jdbc, ProcessorProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.settings = properties.receipts();
        this.pruned = Counter.builder("feedback.receipts.pruned")
                .description("event receipts removed after their keep window")
                .register(meters);
        this.timer = settings.enabled()
                ? new Periodic("receipt-pruning", settings.pruneEvery(), settings.pruneEvery(), this::prune)
                : null;
    }

    void prune() {
        try {
            int removed;
            do {
                removed = jdbc.sql("SELECT prune_event_receipts(?, ?)")
                        .param(new PGInterval(0, 0, 0, 0, 0, settings.keep().toSeconds()))
                        .param(settings.pruneBatch())
                        .query(Integer.class)
                        .single();
                pruned.increment(removed);
            } while (removed == settings.pruneBatch());
        } catch (RuntimeException e) {
            Instant now = Instant.now();
            if (Duration.between(lastWarning, now).compareTo(QUIET) >= 0) {
                lastWarning = now;
                log.warn("Could not prune event receipts (retried every {}): {}", settings.pruneEvery(), e.toString());
            }
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.close();
        }
    }
}
