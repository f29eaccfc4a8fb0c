package io.feedbackpipeline.benchmarks.projection;

import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.FeedbackSource;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The items every projection benchmark writes: {@code items} NUMERIC feedback items over {@code usageIds} usage
 * ids, in records of {@code itemsPerRecord} (a direct producer's shape), generated from a seed so that the
 * processor, the raw PostgreSQL program and Kafka Connect all get exactly the same items in the same order.
 */
public record ItemSet(UUID project, int feedbackTypeId, int items, int usageIds, int itemsPerRecord, String prefix) {

    /** One item as the raw program and Connect see it: already decoded. */
    public record Row(
            String usageId, double value, Instant occurredAt, UUID eventId, int itemIndex, Instant receivedAt) {}

    public int records() {
        return (items + itemsPerRecord - 1) / itemsPerRecord;
    }

    /** Record {@code n} (0-based), the same every time it is asked for. */
    public FeedbackBatch record(int n) {
        Random random = new Random(31L * n + 7);
        Instant at = Instant.parse("2026-11-01T00:00:00Z").plus(n, ChronoUnit.MILLIS);
        int size = Math.min(itemsPerRecord, items - n * itemsPerRecord);
        List<FeedbackItem> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(FeedbackItem.newBuilder()
                    .setUsageId(prefix + random.nextInt(usageIds))
                    .setFeedbackTypeId(feedbackTypeId)
                    .setValue((double) random.nextInt(1000))
                    .setOccurredAt(at)
                    .build());
        }
        return FeedbackBatch.newBuilder()
                .setEventId(new UUID(random.nextLong(), random.nextLong()))
                .setProjectId(project)
                .setEndpointId(null)
                .setReceivedAt(at)
                .setSource(FeedbackSource.DIRECT_PRODUCER)
                .setRequestId(null)
                .setItems(batch)
                .build();
    }

    /** The rows of record {@code n}. */
    public List<Row> rows(int n) {
        FeedbackBatch batch = record(n);
        List<Row> rows = new ArrayList<>(batch.getItems().size());
        for (int i = 0; i < batch.getItems().size(); i++) {
            FeedbackItem item = batch.getItems().get(i);
            rows.add(new Row(
                    item.getUsageId(),
                    item.getValue(),
                    item.getOccurredAt(),
                    batch.getEventId(),
                    i,
                    batch.getReceivedAt()));
        }
        return rows;
    }
}
