package io.feedbackpipeline.support.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * UP when the Kafka cluster answered a metadata request in the last check. Checks run in the background every
 * {@code interval}, so a health request answers at once from the last result even while the broker hangs; a result
 * older than three intervals counts as DOWN (the checker itself is stuck).
 */
public final class KafkaClusterHealthIndicator implements HealthIndicator, DisposableBean {

    private final Admin admin;
    private final Duration timeout;
    private final Duration interval;
    private final Clock clock;
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kafka-health");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Health last =
            Health.unknown().withDetail("reason", "not checked yet").build();
    private volatile Instant checkedAt;

    public KafkaClusterHealthIndicator(KafkaAdmin kafkaAdmin, Duration timeout, Duration interval, Clock clock) {
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        this.timeout = timeout;
        this.interval = interval;
        this.clock = clock;
        this.checkedAt = clock.instant();
        checker.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Health health() {
        Duration age = Duration.between(checkedAt, clock.instant());
        if (age.compareTo(interval.multipliedBy(3).plus(timeout)) > 0) {
            return Health.down()
                    .withDetail("reason", "no check completed for " + age.toSeconds() + " s")
                    .build();
        }
        return last;
    }

    private void check() {
        try {
            DescribeClusterResult cluster =
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            String clusterId = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Collection<Node> nodes = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            last = Health.up()
                    .withDetail("clusterId", clusterId)
                    .withDetail("nodes", nodes.size())
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            last = Health.down()
                    .withDetail("reason", "the cluster did not answer within " + timeout.toMillis() + " ms: " + e)
                    .build();
        }
        checkedAt = clock.instant();
    }

    @Override
    public void destroy() {
        checker.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
