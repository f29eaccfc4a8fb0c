package io.feedbackpipeline.processor.stall;

import io.feedbackpipeline.processor.config.ProcessorProperties;
import io.feedbackpipeline.projection.failure.ProjectionOutage;
import io.feedbackpipeline.schemas.serde.SchemaRegistryUnavailableException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Makes a stuck projection loud. A batch that fails is retried forever (an outage is waited out, never skipped),
 * so "retrying" must not look like "healthy": per partition, how long it has been stalled, why (SQLState or
 * exception), and how many attempts failed. Past the threshold the processor's readiness says so, the per-partition
 * gauge {@code feedback.processor.partition.stalled.seconds} shows it, and one WARN line a minute repeats it.
 */
@Component
public class StallMonitor {

    private static final Logger log = LoggerFactory.getLogger(StallMonitor.class);
    private static final Duration WARN_EVERY = Duration.ofMinutes(1);

    /** One stalled partition. */
    public record Stall(TopicPartition partition, Instant since, String reason, String detail, int attempts) {
        long seconds(Instant now) {
            return Duration.between(since, now).toSeconds();
        }
    }

    private final Map<TopicPartition, Stall> stalls = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Boolean> gauged = new ConcurrentHashMap<>();
    private final Map<Thread, Instant> lastWarning = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Duration threshold;
    private final Clock clock;

    StallMonitor(MeterRegistry meters, ProcessorProperties properties, Clock clock) {
        this.meters = meters;
        this.threshold = properties.stallThreshold();
        this.clock = clock;
    }

    /** A batch over {@code partitions} failed again; it will be retried. */
    public void failed(Collection<TopicPartition> partitions, Throwable failure) {
        Instant now = clock.instant();
        String reason = reason(failure);
        String detail = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        boolean first = false;
        Stall longest = null;
        for (TopicPartition partition : partitions) {
            gauge(partition);
            Stall stall = stalls.compute(
                    partition,
                    (p, earlier) -> earlier == null
                            ? new Stall(p, now, reason, detail, 1)
                            : new Stall(p, earlier.since(), reason, detail, earlier.attempts() + 1));
            first |= stall.attempts() == 1;
            if (longest == null || stall.since().isBefore(longest.since())) {
                longest = stall;
            }
        }
        if (longest == null) {
            return;
        }
        if (first) {
            log.warn(
                    "Projection paused on {}: {} ({}); retrying with back-off until it succeeds",
                    partitions,
                    reason,
                    detail);
        } else if (longest.seconds(now) >= threshold.toSeconds() && warnDue(now)) {
            log.warn(
                    "Projection stalled for {} s on {} after {} attempts: {} ({}); nothing is skipped, it waits for"
                            + " the cause to be fixed",
                    longest.seconds(now),
                    partitions,
                    longest.attempts(),
                    reason,
                    detail);
        }
    }

    /** A batch over {@code partitions} committed. */
    public void succeeded(Collection<TopicPartition> partitions) {
        Instant now = clock.instant();
        for (TopicPartition partition : partitions) {
            Stall ended = stalls.remove(partition);
            if (ended != null) {
                log.info(
                        "Projection resumed on {} after {} s and {} failed attempt(s)",
                        partition,
                        ended.seconds(now),
                        ended.attempts());
            }
        }
        lastWarning.remove(Thread.currentThread());
    }

    /** The partitions stalled at least as long as the threshold, longest first. */
    public List<Stall> overThreshold() {
        Instant now = clock.instant();
        return stalls.values().stream()
                .filter(stall -> stall.seconds(now) >= threshold.toSeconds())
                .sorted((a, b) -> a.since().compareTo(b.since()))
                .toList();
    }

    public Duration threshold() {
        return threshold;
    }

    Instant now() {
        return clock.instant();
    }

    /** A partition no longer assigned here is not stalled here. */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(stalls::remove);
    }

    private boolean warnDue(Instant now) {
        Instant last = lastWarning.get(Thread.currentThread());
        if (last != null && Duration.between(last, now).compareTo(WARN_EVERY) < 0) {
            return false;
        }
        lastWarning.put(Thread.currentThread(), now);
        return true;
    }

    private void gauge(TopicPartition partition) {
        gauged.computeIfAbsent(partition, p -> {
            Gauge.builder(
                            "feedback.processor.partition.stalled.seconds",
                            stalls,
                            all -> all.containsKey(p) ? all.get(p).seconds(clock.instant()) : 0)
                    .description("how long the partition's current batch has been failing; 0 when it is not")
                    .tag("topic", p.topic())
                    .tag("partition", Integer.toString(p.partition()))
                    .register(meters);
            return true;
        });
    }

    private static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProjectionOutage outage) {
                return outage.reason();
            }
            if (cause instanceof SchemaRegistryUnavailableException) {
                return cause.getClass().getName(); // its message, the detail, says which registry and why
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getName();
    }
}
