package io.feedbackpipeline.schemas;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Fully populated sample events, reused by the schema tests. */
final class Events {

    static final Instant MICROS = Instant.parse("2026-11-22T10:15:30.123456Z");

    private Events() {}

    static FeedbackBatch feedbackBatch() {
        return FeedbackBatch.newBuilder()
                .setEventId(UUID.fromString("f3f1c0de-0000-4000-8000-000000000001"))
                .setProjectId(UUID.fromString("52ab5474-5535-4bba-9d7f-590e1dd0a280"))
                .setEndpointId(UUID.fromString("9a5e1f40-1111-4000-8000-000000000002"))
                .setReceivedAt(MICROS)
                .setSource(FeedbackSource.BASEPLATE_API)
                .setRequestId("req-1")
                .setItems(List.of(
                        FeedbackItem.newBuilder()
                                .setUsageId("04bc3dfa-d1a1-4647-8970-f180a06f6bea")
                                .setFeedbackTypeId(1)
                                .setFlag(true)
                                .setOccurredAt(MICROS)
                                .build(),
                        FeedbackItem.newBuilder()
                                .setUsageId("completion-42")
                                .setFeedbackTypeId(7)
                                .setValue(4.5)
                                .setComment("crisp answer, ünïcødé ok")
                                .setTag("x".repeat(120))
                                .setOccurredAt(MICROS.plusNanos(1_000))
                                .build()))
                .build();
    }

    static CompletionLogged completionLogged() {
        return CompletionLogged.newBuilder()
                .setEventId(UUID.fromString("f3f1c0de-0000-4000-8000-000000000003"))
                .setEmittedAt(MICROS)
                .setUsageId("04bc3dfa-d1a1-4647-8970-f180a06f6bea")
                .setProjectId(UUID.fromString("52ab5474-5535-4bba-9d7f-590e1dd0a280"))
                .setEndpointId(null)
                .setUserId("8f48225a-8d88-48ae-b464-d02051b9b556")
                .setCreatedAt(Instant.parse("2023-02-09T05:11:39.721074Z"))
                .setModel("text-davinci-003")
                .setCost(0.00078)
                .setPrompt("Write a product description for Jacket.")
                .setCompletion("\n\nThis Jacket is the ultimate in shoe fashion.")
                .setTemperature(0.0)
                .setManaged(true)
                .setTemplateId(null)
                .setValues(Map.of("tone", "angry", "category", "shoe"))
                .build();
    }

    static FeedbackChange feedbackChange() {
        return FeedbackChange.newBuilder()
                .setProjectId(UUID.fromString("52ab5474-5535-4bba-9d7f-590e1dd0a280"))
                .setUsageId("completion-42")
                .setFeedbackTypeId(7)
                .setBefore(FeedbackValue.newBuilder()
                        .setValue(2.0)
                        .setComment("meh")
                        .build())
                .setAfter(FeedbackValue.newBuilder()
                        .setValue(4.5)
                        .setComment("crisp answer")
                        .setTag("t")
                        .build())
                .setOccurredAt(MICROS)
                .setEventId(UUID.fromString("f3f1c0de-0000-4000-8000-000000000001"))
                .setItemIndex(1)
                .setCommittedAt(MICROS.plusSeconds(1))
                .setCause("projection")
                .build();
    }
}
