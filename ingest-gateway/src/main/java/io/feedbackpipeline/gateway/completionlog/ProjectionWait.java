package io.feedbackpipeline.gateway.completionlog;

import io.feedbackpipeline.gateway.config.GatewayProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Read-your-writes for Baseplate ratings: after the broker acked, waits (bounded) until the processor has
 * projected the request's feedback, that is until every register it wrote holds a version at least as great as
 * the request's item (an even later write also counts: ours was applied, then superseded).
 */
@Component
public class ProjectionWait {

    /** The version one item wrote into its register. */
    public record Written(String usageId, int feedbackTypeId, Instant occurredAt, UUID eventId, int itemIndex) {}

    private final JdbcClient jdbc;
    private final Duration pollInterval;

    ProjectionWait(JdbcClient jdbc, GatewayProperties properties) {
        this.jdbc = jdbc;
        this.pollInterval = properties.readYourWrites().pollInterval();
    }

    /** True once all registers show the writes, false when {@code wait} passed first. */
    public boolean awaitVisible(UUID project, Collection<Written> writes, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (visibleCount(project, writes) == writes.size()) {
                return true;
            }
            if (System.nanoTime() + pollInterval.toNanos() > deadline) {
                return false;
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private long visibleCount(UUID project, Collection<Written> writes) {
        return jdbc.sql("""
                        SELECT count(*)
                          FROM unnest(?::text[], ?::int[], ?::timestamptz[], ?::uuid[], ?::int[])
                               AS w(usage_id, feedback_type_id, occurred_at, event_id, item_index)
                          JOIN completion_feedback f
                            ON f.project_id = ? AND f.usage_id = w.usage_id
                           AND f.feedback_type_id = w.feedback_type_id
                           AND (f.occurred_at, f.event_id, f.item_index)
                               >= (w.occurred_at, w.event_id, w.item_index)""")
                .param(writes.stream().map(Written::usageId).toArray(String[]::new))
                .param(writes.stream().map(Written::feedbackTypeId).toArray(Integer[]::new))
                .param(writes.stream().map(w -> w.occurredAt().toString()).toArray(String[]::new))
                .param(writes.stream().map(w -> w.eventId().toString()).toArray(String[]::new))
                .param(writes.stream().map(Written::itemIndex).toArray(Integer[]::new))
                .param(project)
                .query(Long.class)
                .single();
    }
}
