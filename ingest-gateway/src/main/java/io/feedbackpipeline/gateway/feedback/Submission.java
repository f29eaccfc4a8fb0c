package io.feedbackpipeline.gateway.feedback;

import io.feedbackpipeline.jsoncontract.FeedbackInput;
import io.feedbackpipeline.schemas.FeedbackSource;
import java.util.List;
import java.util.UUID;

/**
 * What one HTTP request asks to publish: its items become one {@code FeedbackBatch}, one Kafka record.
 *
 * @param kafkaKey spreads load over partitions; correctness never depends on it
 * @param idempotencyKey the client's Idempotency-Key header, or null
 */
public record Submission(
        UUID endpointId,
        FeedbackSource source,
        String requestId,
        String kafkaKey,
        List<FeedbackInput> items,
        String idempotencyKey) {}
