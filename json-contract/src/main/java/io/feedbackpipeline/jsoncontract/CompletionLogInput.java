package io.feedbackpipeline.jsoncontract;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A completion log as a client sent it, in Baseplate's field names. {@code timestamp} null means "now". */
public record CompletionLogInput(
        String usageId,
        UUID endpointId,
        String userId,
        Instant timestamp,
        String model,
        Double cost,
        String prompt,
        String completion,
        Double temperature,
        Boolean managed,
        String templateId,
        Map<String, String> values) {}
