package io.feedbackpipeline.gateway.overload;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limiter.LifoBlockingLimiter;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import java.util.Optional;

/**
 * How many writes the gateway has in progress at once (Netflix's concurrency-limits): a fixed limit, and in front of
 * it a backlog served newest first whose waiters give up after {@code maxWait}. A write holds its turn until its
 * answer is sent, the wait for the broker's acknowledgement included, so when answers slow down (the broker or the
 * machine's CPU falls behind) the writes in progress pile up to the limit and the excess is refused in milliseconds
 * instead of queueing for seconds; what is admitted waited at most {@code maxWait} for its turn.
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
