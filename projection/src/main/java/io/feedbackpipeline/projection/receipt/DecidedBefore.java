package io.feedbackpipeline.projection.receipt;

import io.feedbackpipeline.merge.Origin;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The positions below which the live processor has committed its decisions, per partition. The processor writes an
 * event's receipt in the transaction that decides it and commits the offset after it, so every event below these
 * positions has its receipt already, or had one that was pruned after its keep window. A rebuild replaying the whole
 * history records receipts only from these positions on: the ones before would be inserts that change nothing (or
 * bring back pruned receipts, dated by the rebuild), one index probe per event.
 */
public record DecidedBefore(Map<TopicPartition, Long> offsets) {

    /** No position known: every event's receipt is recorded (and the first decision stands, as always). */
    public static final DecidedBefore NOTHING = new DecidedBefore(Map.of());

    private static final Logger log = LoggerFactory.getLogger(DecidedBefore.class);

    public DecidedBefore {
        offsets = Map.copyOf(offsets);
    }

    /** Whether the live processor decided the event at {@code origin}, so its receipt exists or existed. */
    public boolean covers(Origin origin) {
        Long committed = offsets.get(new TopicPartition(origin.topic(), origin.partition()));
        return committed != null && origin.offset() < committed;
    }

    /**
     * The offsets {@code group} has committed now. A group that cannot be read (absent, not authorised, the broker
     * slow) gives {@link #NOTHING}, with a warning: the rebuild then records every receipt, as it would without this.
     */
    public static DecidedBefore committedBy(String bootstrapServers, String group, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            committed.forEach((partition, offset) -> {
                if (offset != null) {
                    offsets.put(partition, offset.offset());
                }
            });
            return new DecidedBefore(offsets);
        } catch (ExecutionException | TimeoutException e) {
            log.warn(
                    "Cannot read the committed offsets of consumer group {} ({}): every replayed event's receipt is"
                            + " recorded",
                    group,
                    e.toString());
            return NOTHING;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NOTHING;
        }
    }
}
