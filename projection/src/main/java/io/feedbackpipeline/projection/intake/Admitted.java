package io.feedbackpipeline.projection.intake;

import io.feedbackpipeline.merge.FeedbackWrite;
import io.feedbackpipeline.merge.LogWrite;
import io.feedbackpipeline.projection.receipt.Receipt;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One record, taken apart: one write per feedback item of a valid batch, or the write of a valid completion log, or
 * why the record cannot be projected.
 *
 * @param receivedAt the batch's receive time (for visibility latency); null for a log or a rejected record
 * @param items the batch's feedback items
 * @param rejected the record and why it cannot be projected; null when it can
 * @param receipt what the projection will record about the event; null when the record is not a readable event
 */
public record Admitted(
        List<FeedbackWrite> feedback,
        List<LogWrite> logs,
        Instant receivedAt,
        int items,
        Rejected rejected,
        Receipt receipt) {

    static Admitted feedback(List<FeedbackWrite> writes, Instant receivedAt, int items, Receipt receipt) {
        return new Admitted(writes, List.of(), receivedAt, items, null, receipt);
    }

    static Admitted log(LogWrite write, Receipt receipt) {
        return new Admitted(List.of(), List.of(write), null, 0, null, receipt);
    }

    /** A record that could not be read at all: no event, so no receipt. */
    static Admitted rejected(ConsumerRecord<byte[], byte[]> record, Rejection rejection) {
        return new Admitted(List.of(), List.of(), null, 0, new Rejected(record, rejection), null);
    }

    /** An event that breaks the rules: its receipt says it was dead-lettered, and why. */
    static Admitted rejected(ConsumerRecord<byte[], byte[]> record, Rejection rejection, Receipt receipt) {
        return new Admitted(List.of(), List.of(), null, 0, new Rejected(record, rejection), receipt);
    }

    public boolean isRejected() {
        return rejected != null;
    }
}
