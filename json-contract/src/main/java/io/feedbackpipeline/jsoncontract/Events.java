package io.feedbackpipeline.jsoncontract;

import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.FeedbackSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The event a native request or line becomes, built one way for every way in. An item without its own time gets the
 * batch's receive time, which is also its version's time; an item that did not parse (no usage_id or type) is left
 * out, its problem reported already.
 */
public final class Events {

    private Events() {}

    public static FeedbackBatch feedbackBatch(
            UUID project,
            UUID endpoint,
            FeedbackSource source,
            List<FeedbackInput> inputs,
            UUID eventId,
            Instant receivedAt,
            String requestId,
            String endUserId) {
        List<FeedbackItem> items = new ArrayList<>(inputs.size());
        for (FeedbackInput input : inputs) {
            if (!input.parsed()) {
                continue;
            }
            items.add(FeedbackItem.newBuilder()
                    .setUsageId(input.usageId())
                    .setFeedbackTypeId(input.feedbackTypeId())
                    .setFlag(input.flag())
                    .setValue(input.value())
                    .setComment(input.comment())
                    .setTag(input.tag())
                    .setOccurredAt(input.occurredAt() != null ? input.occurredAt() : receivedAt)
                    .build());
        }
        return FeedbackBatch.newBuilder()
                .setEventId(eventId)
                .setProjectId(project)
                .setEndpointId(endpoint)
                .setReceivedAt(receivedAt)
                .setSource(source)
                .setRequestId(requestId)
                .setItems(items)
                .setEndUserId(endUserId)
                .build();
    }

    /** A completion log; without its own {@code timestamp} it was created when received. */
    public static CompletionLogged completionLog(
            UUID project, CompletionLogInput input, UUID eventId, Instant receivedAt, String requestId) {
        return CompletionLogged.newBuilder()
                .setEventId(eventId)
                .setEmittedAt(receivedAt)
                .setUsageId(input.usageId())
                .setProjectId(project)
                .setEndpointId(input.endpointId())
                .setUserId(input.userId())
                .setCreatedAt(input.timestamp() != null ? input.timestamp().truncatedTo(ChronoUnit.MICROS) : receivedAt)
                .setModel(input.model())
                .setCost(input.cost())
                .setPrompt(input.prompt())
                .setCompletion(input.completion())
                .setTemperature(input.temperature())
                .setManaged(input.managed())
                .setTemplateId(input.templateId())
                .setValues(input.values())
                .setRequestId(requestId)
                .build();
    }
}
