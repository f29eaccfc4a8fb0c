package io.feedbackpipeline.support.timer;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A task run on a daemon thread of its own, again and again with a fixed delay, until closed. The task handles its
 * own failures: an exception escaping it would end the repetition.
 */
public final class Periodic implements AutoCloseable {

    private final ScheduledExecutorService timer;

    public Periodic(String threadName, Duration firstAfter, Duration every, Runnable task) {
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(task, firstAfter.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
