package io.feedbackpipeline.processor.stall;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code projection} in health and readiness: DOWN while any partition's batch has been failing for longer than
 * the stall threshold, with the partitions, since when, and the reason (SQLState or exception). Liveness stays UP: a
 * restart does not fix a read-only database or a revoked privilege, and would only lose the back-off state.
 */
@Component("projection")
class StallHealthIndicator implements HealthIndicator {

    private final StallMonitor monitor;

    StallHealthIndicator(StallMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public Health health() {
        List<StallMonitor.Stall> stalled = monitor.overThreshold();
        if (stalled.isEmpty()) {
            return Health.up().withDetail("stalledPartitions", 0).build();
        }
        Instant now = monitor.now();
        List<Map<String, Object>> details = stalled.stream()
                .map(stall -> {
                    Map<String, Object> detail = new LinkedHashMap<>();
                    detail.put("partition", stall.partition().toString());
                    detail.put("since", stall.since().toString());
                    detail.put("seconds", stall.seconds(now));
                    detail.put("attempts", stall.attempts());
                    detail.put("reason", stall.reason());
                    detail.put("detail", stall.detail());
                    return detail;
                })
                .toList();
        return Health.down()
                .withDetail("stalledPartitions", stalled.size())
                .withDetail("threshold", monitor.threshold().toString())
                .withDetail("stalls", details)
                .build();
    }
}
