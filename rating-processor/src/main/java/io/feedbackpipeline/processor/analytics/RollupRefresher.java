package io.feedbackpipeline.processor.analytics;

import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.processor.config.ProcessorProperties;
import io.feedbackpipeline.projection.store.RollupRefresh;
import io.feedbackpipeline.support.timer.Periodic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps the analytics rollup current: every {@code refresh-every}, the hours the projection marked are recomputed from
 * committed rows ({@link RollupRefresh}), a batch at a time until none is left. Readers are exact either way (a
 * marked hour is read from the registers); this only keeps their questions fast. With several processors, one
 * refreshes at a time. A failure is logged at most once a minute and retried at the next round.
 */
@Component
class RollupRefresher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RollupRefresher.class);
    private static final Duration QUIET = Duration.ofMinutes(1);
    private static final int MAX_ROUNDS = 20;

    private final RollupRefresh refresh;
    private final int batch;
    private final Counter hours;
    private final Periodic timer;
    private volatile Instant lastWarning = Instant.EPOCH;

    RollupRefresher(DataSource dataSource, ProcessorProperties properties, MeterRegistry meters) {
        ProcessorProperties.Analytics analytics = properties.analytics();
        this.refresh = new RollupRefresh(dataSource, ProjectionTables.LIVE);
        this.batch = analytics.refreshBatch();
        this.hours = Counter.builder("feedback.analytics.hours.refreshed")
                .description("project-hours of the analytics rollup recomputed")
                .register(meters);
        this.timer = analytics.enabled()
                ? new Periodic("rollup-refresher", analytics.refreshEvery(), analytics.refreshEvery(), this::refresh)
                : null;
    }

    void refresh() {
        try {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                RollupRefresh.Refreshed refreshed = refresh.refresh(batch);
                hours.increment(refreshed.hours());
                if (refreshed.marks() < batch) {
                    return;
                }
            }
        } catch (Exception e) {
            Instant now = Instant.now();
            if (Duration.between(lastWarning, now).compareTo(QUIET) >= 0) {
                lastWarning = now;
                log.warn(
                        "Cannot refresh the analytics rollup (answers stay exact, only slower; will retry): {}",
                        e.toString());
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
