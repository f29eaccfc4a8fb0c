package io.feedbackpipeline.support.topics;

import io.feedbackpipeline.schemas.contract.TopicLayout;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How missing topics are created at start-up ({@code PIPELINE_TOPICS_*}). Existing topics are never altered.
 *
 * @param partitions partitions of each topic; bounds the consumer concurrency of the processor
 * @param replicationFactor 3 on a production cluster; 1 on the local single broker
 * @param retention how long records are kept; zero or negative keeps them forever (the default: feedback.v1 is
 *     the source of truth for replay)
 */
@Validated
@ConfigurationProperties("pipeline.topics")
public record TopicProperties(
        @DefaultValue("true") boolean create,
        @DefaultValue("6") @Min(1) int partitions,
        @DefaultValue("1") @Min(1) short replicationFactor,
        @DefaultValue("-1ms") Duration retention) {

    public TopicLayout layout() {
        long retentionMs =
                retention.isNegative() || retention.isZero() ? TopicLayout.KEEP_FOREVER : retention.toMillis();
        return new TopicLayout(partitions, replicationFactor, retentionMs);
    }
}
