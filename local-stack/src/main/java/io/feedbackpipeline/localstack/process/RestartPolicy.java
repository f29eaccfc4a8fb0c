package io.feedbackpipeline.localstack.process;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts a process that exits without being asked to, as a container restart policy would: after 1 s, then
 * doubling up to 30 s while it keeps crashing; a process that ran for 10 s starts the count afresh (as Docker's policy
 * does). Every restart is logged with the exit code and the attempt.
 */
public final class RestartPolicy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RestartPolicy.class);
    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);
    static final Duration STABLE_AFTER = Duration.ofSeconds(10);

    private final ManagedProcess process;
    private final Duration readinessTimeout;
    private final Clock clock;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "restart-policy");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean stopping;
    private int consecutiveRestarts;
    private Instant startedAt;

    public RestartPolicy(ManagedProcess process, Duration readinessTimeout, Clock clock) {
        this.process = process;
        this.readinessTimeout = readinessTimeout;
        this.clock = clock;
    }

    /** Starts the process, waits until it is ready, and from then on restarts it whenever it exits by itself. */
    public void startAndWatch() {
        startedAt = clock.instant();
        process.start();
        process.awaitReady(readinessTimeout);
        watch();
    }

    public int restarts() {
        return consecutiveRestarts;
    }

    private synchronized void watch() {
        process.onExit().thenAccept(exited -> {
            if (!stopping) {
                scheduleRestart(exited.exitValue());
            }
        });
    }

    private synchronized void scheduleRestart(int exitCode) {
        if (Duration.between(startedAt, clock.instant()).compareTo(STABLE_AFTER) >= 0) {
            consecutiveRestarts = 0;
        }
        Duration delay = delayBefore(consecutiveRestarts);
        consecutiveRestarts++;
        log.warn(
                "{} exited with code {}; restarting it in {} s (restart {} in a row)",
                process.name(),
                exitCode,
                delay.toMillis() / 1000.0,
                consecutiveRestarts);
        scheduler.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart() {
        if (stopping) {
            return;
        }
        try {
            synchronized (this) {
                startedAt = clock.instant();
            }
            process.start();
            process.awaitReady(readinessTimeout);
            log.info("{} restarted and ready", process.name());
        } catch (RuntimeException e) {
            log.error(
                    "{} did not come back: {}",
                    process.name(),
                    e.getMessage().lines().findFirst().orElse(""));
        }
        if (!stopping && process.isAlive()) {
            watch();
        } else if (!stopping) {
            scheduleRestart(-1);
        }
    }

    /** The back-off before restart number {@code n} (0-based): 1 s, 2 s, 4 s, ... at most 30 s. */
    static Duration delayBefore(int n) {
        long seconds = FIRST_DELAY.toSeconds() << Math.min(n, 5);
        return Duration.ofSeconds(Math.min(seconds, MAX_DELAY.toSeconds()));
    }

    /** Stops watching, then stops the process gracefully. */
    @Override
    public void close() {
        stopping = true;
        scheduler.shutdownNow();
        process.terminate(Duration.ofSeconds(30));
    }
}
