package io.feedbackpipeline.schemas.contract;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * What every producer of the pipeline's topics sets, stated once: {@code acks=all}, so an acknowledged record is on
 * every in-sync replica, and idempotence, so the producer's own retries never write a record twice. The gateway,
 * the processor's dead letters, {@code feedbackctl} and the tools all start from these.
 */
public final class DurableProducer {

    private DurableProducer() {}

    /** The durable settings, with the connection and anything else the caller adds. */
    public static Map<String, Object> settings(String bootstrapServers, Map<String, Object> more) {
        Map<String, Object> settings = new HashMap<>(more);
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.putAll(durability());
        return settings;
    }

    /** Only the durable settings, for a configuration that already has its connection (Spring's). */
    public static Map<String, Object> durability() {
        return Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }
}
