package io.feedbackpipeline.gateway.publish;

import io.feedbackpipeline.gateway.idempotency.EventIdentity;
import io.feedbackpipeline.jsoncontract.Violation;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.feedbackpipeline.schemas.contract.TopicContract;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * What one request asks to publish, before its identity is settled: one event of a topic, built for any identity.
 *
 * @param build the event under an identity and a request id; the request id is null when the event is fingerprinted
 *     (a retry's request id differs, and must not make it a different request)
 * @param check the event rules the processor applies to this event, as violations of the request
 * @param kafkaKey spreads load over partitions; correctness never depends on it
 * @param idempotencyKey the client's Idempotency-Key header, or null
 */
public record Draft<E extends SpecificRecord>(
        TopicContract<E> topic,
        BiFunction<EventIdentity, String, E> build,
        Function<E, List<Violation>> check,
        String kafkaKey,
        FeedbackSource source,
        String requestId,
        String idempotencyKey) {}
