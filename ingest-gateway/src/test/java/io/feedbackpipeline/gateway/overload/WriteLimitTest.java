package io.feedbackpipeline.gateway.overload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WriteLimitTest {

    @Test
    @DisplayName("past the limit a write waits at most max-wait; past the backlog it is refused at once")
    void waitsBoundedThenRefuses() throws Exception {
        WriteLimit limit = new WriteLimit(1, 1, Duration.ofMillis(300));
        assertThat(limit.acquire()).isTrue();
        assertThat(limit.inProgress()).isEqualTo(1);

        long began = System.nanoTime();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(limit::acquire);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> waiterParked(waiter, began));
        long refusedAt = System.nanoTime();
        assertThat(limit.acquire()).as("the backlog of one is taken").isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - refusedAt)).isLessThan(Duration.ofMillis(100));

        assertThat(waiter.get(5, TimeUnit.SECONDS))
                .as("no turn came within max-wait")
                .isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        CompletableFuture<Boolean> served = CompletableFuture.supplyAsync(limit::acquire);
        Thread.sleep(50);
        limit.release();
        assertThat(served.get(5, TimeUnit.SECONDS))
                .as("a turn given back goes to a waiter")
                .isTrue();
        limit.release();
        assertThat(limit.inProgress()).isZero();
    }

    /** The waiter has had time to enter the backlog (it cannot be observed directly without a hook). */
    private static boolean waiterParked(CompletableFuture<Boolean> waiter, long began) {
        return !waiter.isDone() && System.nanoTime() - began > 50_000_000L;
    }
}
