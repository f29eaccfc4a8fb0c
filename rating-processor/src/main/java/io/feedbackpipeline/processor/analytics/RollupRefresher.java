package io.feedbackpipeline.processor.analytics;

import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.processor.config.ProcessorProperties;
import io.feedbackpipeline.processor.consume.IngestActivity;
import io.feedbackpipeline.projection.store.RollupRefresh;
import io.feedbackpipeline.support.timer.Periodic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps the analytics rollup current: every {@code refresh-every}, the hours the projection marked are recomputed from
 * committed rows ({@link RollupRefresh}), a batch at a time until none is left, each in transactions that read about
 * {@code refresh-slice-rows} registers. Readers are exact either way (a
 * marked hour is read from the registers); this only keeps their questions fast. With several processors, one
 * refreshes at a time. A failure is logged at most once a minute and retried at the next round.
 *
 * <p>Recomputing an hour costs in proportion to its rows, so an hour that writes keep marking (the current hour, or
 * an old one a backlog is replaying into) is recomputed at most once per {@value #DUTY}× the time its last recompute
 * took: the refresher spends at most about 1/{@value #DUTY} of its time on any busy hour, however fast writes come,
 * and a quiet hour is recomputed within a round.
 *
 * <p>The hour being written now is left alone, and the previous one for {@code late-writes} after it ends: every
 * write marks it again, readers take it from the registers anyway while it is marked, and recomputing it over and
 * over only took CPU from ingestion (docs/benchmarks.md, "The open hour left to the registers"). It is recomputed once
 * it has closed.
 *
 * <p>While the processor catches up on a backlog ({@link IngestActivity}), the refresher waits: recomputing competes
 * with ingestion for the same database, and readers are exact meanwhile. It still runs once marks have waited
 * {@code max-staleness}, so a processor that is always behind still gets its rollup, at a bounded share.
 */
@Component
class RollupRefresher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RollupRefresher.class);
    private static final Duration QUIET = Duration.ofMinutes(1);
    private static final int MAX_ROUNDS = 20;
    static final int DUTY = 20;
    private static final Duration LONGEST_DEFERRAL = Duration.ofMinutes(10);

    private final RollupRefresh refresh;
    private final int batch;
    private final Counter hours;
    private final Periodic timer;
    private volatile Instant lastWarning = Instant.EPOCH;
    /** Hours recomputed a moment ago, until when their new marks wait. Only the refresher's thread uses it. */
    private final Map<RollupRefresh.ProjectHour, Instant> deferred = new HashMap<>();

    private final IngestActivity activity;
    private final Duration maxStaleness;
    private final Duration lateWrites;
    private Instant lastRefresh = Instant.now();

    RollupRefresher(
            DataSource dataSource, ProcessorProperties properties, MeterRegistry meters, IngestActivity activity) {
        ProcessorProperties.Analytics analytics = properties.analytics();
        this.hours = Counter.builder("feedback.analytics.hours.refreshed")
                .description("project-hours of the analytics rollup recomputed")
                .register(meters);
        Counter slices = Counter.builder("feedback.analytics.slices.refreshed")
                .description("transactions the rollup's recomputing took, each reading a bounded share of an hour")
                .register(meters);
        this.refresh =
                new RollupRefresh(dataSource, ProjectionTables.LIVE, analytics.refreshSliceRows(), slices::increment);
        this.batch = analytics.refreshBatch();
        this.activity = activity;
        this.maxStaleness = analytics.maxStaleness();
        this.lateWrites = analytics.lateWrites();
        this.timer = analytics.enabled()
                ? new Periodic("rollup-refresher", analytics.refreshEvery(), analytics.refreshEvery(), this::refresh)
                : null;
    }

    void refresh() {
        if (activity.catchingUp(Duration.ofSeconds(2))
                && Duration.between(lastRefresh, Instant.now()).compareTo(maxStaleness) < 0) {
            return;
        }
        lastRefresh = Instant.now();
        try {
            for (int round = 0; round < MAX_ROUNDS; round++) {
                Instant now = Instant.now();
                deferred.values().removeIf(until -> !until.isAfter(now));
                RollupRefresh.Refreshed refreshed =
                        refresh.refresh(batch, List.copyOf(deferred.keySet()), openFrom(Instant.now()));
                hours.increment(refreshed.hours().size());
                Duration took = Duration.ofNanos(refreshed.nanos());
                Duration wait = took.multipliedBy(DUTY);
                Instant until = Instant.now().plus(wait.compareTo(LONGEST_DEFERRAL) > 0 ? LONGEST_DEFERRAL : wait);
                refreshed.hours().forEach(hour -> deferred.put(hour, until));
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

    /** The first hour still open at {@code now}: the current one, or the previous one while late writes may come. */
    private Instant openFrom(Instant now) {
        return now.minus(lateWrites).truncatedTo(ChronoUnit.HOURS);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.close();
        }
    }
}
