package io.feedbackpipeline.processor.consume;

import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Whether the processor is catching up: it consumed a large batch a moment ago. A consumer that keeps up with live
 * traffic reads small batches; large ones mean records are waiting. Background work (the analytics refresher) yields
 * while this is so, since ingestion is what the pipeline is for.
 */
@Component
public class IngestActivity {

    /** A batch this large means the consumer is behind (live traffic arrives in batches of a few records). */
    static final int CATCHING_UP_BATCH = 100;

    private volatile long lastLargeBatchNanos =
            System.nanoTime() - Duration.ofHours(1).toNanos();

    void batch(int records) {
        if (records >= CATCHING_UP_BATCH) {
            lastLargeBatchNanos = System.nanoTime();
        }
    }

    /** Whether a large batch was consumed within {@code window}. */
    public boolean catchingUp(Duration window) {
        return System.nanoTime() - lastLargeBatchNanos < window.toNanos();
    }
}
