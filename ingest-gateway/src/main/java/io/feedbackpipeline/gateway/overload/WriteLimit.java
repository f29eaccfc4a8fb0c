package io.feedbackpipeline.gateway.overload;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limiter.LifoBlockingLimiter;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import java.util.Optional;

/**
 * How many writes the gateway works on at once (Netflix's concurrency-limits): a fixed limit on requests in progress,
 * and in front of it a backlog served newest first whose waiters give up after {@code maxWait}. Under overload the
 * oldest waiters are refused and what is admitted waits at most {@code maxWait}: the latency bound holds however far
 * arrivals outrun the CPU. A turn is held while a request thread works on the write; waits that hold no thread (for
 * the broker's acknowledgement, for the projection) have bounds of their own (publish.max-pending, read-your-writes).
 *
 * <p>Not adaptive on purpose: the adaptive limits learn from each request's time in progress, which includes reading
 * its body, so a few slow uploads would teach them to admit almost nothing.
 */
final class WriteLimit {

    private final SimpleLimiter<Void> inProgress;
    private final Limiter<Void> admission;

    WriteLimit(OverloadProperties properties) {
        this.inProgress = SimpleLimiter.newBuilder()
                .named("gateway-writes")
                .limit(FixedLimit.of(properties.maxConcurrency()))
                .build();
        this.admission = LifoBlockingLimiter.newBuilder(inProgress)
                .backlogSize(properties.backlog())
                .backlogTimeoutMillis(properties.maxWait().toMillis())
                .build();
    }

    /** A turn, after waiting at most maxWait for it; empty when none came in time or the backlog is full. */
    Optional<Limiter.Listener> acquire() {
        return admission.acquire(null);
    }

    int limit() {
        return inProgress.getLimit();
    }

    int inProgress() {
        return inProgress.getInflight();
    }
}
