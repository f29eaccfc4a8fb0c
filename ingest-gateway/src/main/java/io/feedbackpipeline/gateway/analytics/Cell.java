package io.feedbackpipeline.gateway.analytics;

import java.time.Instant;
import java.util.UUID;

/**
 * How many registers share one bucket, dimensions and value: what the database answers, before the statistics.
 * A dimension the question does not need is null.
 */
record Cell(
        Instant bucket,
        String model,
        UUID endpointId,
        String templateId,
        String tag,
        int feedbackTypeId,
        Boolean flag,
        Double value,
        long registers) {}
