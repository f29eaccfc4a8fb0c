package io.feedbackpipeline.gateway.overload;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many writes the gateway has in progress at once: a fixed number of turns, and in front of them a bounded
 * backlog whose waiters give up after {@code maxWait}. A write holds its turn until its answer is sent, the wait for
 * the broker's acknowledgement included, so when answers slow down (the broker or the machine's CPU falls behind) the
 * writes in progress pile up to the limit and the excess is refused within {@code maxWait} instead of queueing for
 * seconds.
 *
 * <p>A {@link Semaphore}, not a library's limiter: Netflix concurrency-limits' LIFO backlog (tried first) serialises
 * every acquire and release on one monitor, and under 1,000 clients on 2 cores the threads queued up to a second for
 * it (JFR, docs/benchmarks.md), the very wait this class exists to bound. Not adaptive on purpose: adaptive limits
 * learn from each request's time in progress, which includes reading its body, so a few slow uploads would teach
 * them to admit almost nothing.
 */
final class WriteLimit {

    private final int maxConcurrency;
    private final Semaphore turns;
    private final int backlog;
    private final long maxWaitNanos;
    private final AtomicInteger waiting = new AtomicInteger();

    WriteLimit(int maxConcurrency, int backlog, Duration maxWait) {
        this.maxConcurrency = maxConcurrency;
        this.turns = new Semaphore(maxConcurrency);
        this.backlog = backlog;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /**
     * Takes a turn, waiting at most maxWait for one; false when none came in time, when the backlog is full, or when
     * the thread was interrupted while it waited.
     */
    boolean acquire() {
        if (turns.tryAcquire()) {
            return true;
        }
        if (waiting.incrementAndGet() > backlog) {
            waiting.decrementAndGet();
            return false;
        }
        try {
            return turns.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting.decrementAndGet();
        }
    }

    void release() {
        turns.release();
    }

    int limit() {
        return maxConcurrency;
    }

    int inProgress() {
        return maxConcurrency - turns.availablePermits();
    }
}
