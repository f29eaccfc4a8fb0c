package io.feedbackpipeline.gateway.idempotency;

import io.feedbackpipeline.support.timer.Periodic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Deletes Idempotency-Keys past their window, in bounded steps, through {@code prune_idempotency_keys}: the one
 * function the gateway's role may call for it, which deletes nothing younger than an hour, so the role needs no
 * DELETE on the table. Any number of gateways may run it at once (it skips rows another is deleting).
 */
@Component
class IdempotencyKeyPruning implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPruning.class);
    private static final int MAX_STEPS = 100;

    private final JdbcClient jdbc;
    private final IdempotencyProperties properties;
    private final Periodic timer;

    IdempotencyKeyPruning(JdbcClient jdbc, IdempotencyProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.timer =
                new Periodic("idempotency-key-pruning", properties.pruneEvery(), properties.pruneEvery(), this::prune);
    }

    /** Deletes expired keys, a batch at a time; returns how many. */
    int prune() {
        int total = 0;
        try {
            for (int step = 0; step < MAX_STEPS; step++) {
                int pruned = jdbc.sql("SELECT prune_idempotency_keys(?::interval, ?)")
                        .param(properties.window().toMillis() + " milliseconds")
                        .param(properties.pruneBatch())
                        .query(Integer.class)
                        .single();
                total += pruned;
                if (pruned < properties.pruneBatch()) {
                    break;
                }
            }
            if (total > 0) {
                log.info("Pruned {} Idempotency-Keys older than {}", total, properties.window());
            }
        } catch (RuntimeException e) {
            log.warn("Cannot prune Idempotency-Keys (will try again): {}", e.toString());
        }
        return total;
    }

    @Override
    public void close() {
        timer.close();
    }
}
