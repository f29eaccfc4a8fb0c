package io.feedbackpipeline.projection;

import io.feedbackpipeline.merge.Merge;
import io.feedbackpipeline.projection.failure.Fault;
import io.feedbackpipeline.projection.failure.ProjectionOutage;
import io.feedbackpipeline.projection.intake.Admitted;
import io.feedbackpipeline.projection.intake.Intake;
import io.feedbackpipeline.projection.intake.Rejected;
import io.feedbackpipeline.projection.intake.Rejection;
import io.feedbackpipeline.projection.receipt.DecidedBefore;
import io.feedbackpipeline.projection.receipt.Receipt;
import io.feedbackpipeline.projection.store.ProjectionWriter;
import io.feedbackpipeline.projection.store.ProjectionWriter.Written;
import io.feedbackpipeline.schemas.contract.DeadLetterReason;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Projects a run of records: decodes and checks each, folds the valid ones to one winner per key and writes the
 * winners in transactions bounded by {@link TransactionLimits}. It decides nothing about offsets or dead letters:
 * it returns the records that cannot be projected and throws {@link ProjectionOutage} when the environment fails,
 * having kept nothing of the failed transaction, so the caller can retry the same run (every write is idempotent).
 *
 * <p>When the database refuses a transaction for its data (see {@link Fault}), the records of that transaction are
 * written one by one and only the refused ones are returned as {@code projection-rejected}.
 */
public final class Projector {

    private static final Logger log = LoggerFactory.getLogger(Projector.class);

    private final Intake intake;
    private final ProjectionWriter writer;
    private final TransactionLimits limits;
    private final DecidedBefore decided;

    public Projector(Intake intake, ProjectionWriter writer, TransactionLimits limits) {
        this(intake, writer, limits, DecidedBefore.NOTHING);
    }

    /**
     * A projector that records no receipt for the events {@code decided} covers: a rebuild's, whose replay of the
     * history reaches events the live processor decided long ago.
     */
    public Projector(Intake intake, ProjectionWriter writer, TransactionLimits limits, DecidedBefore decided) {
        this.intake = intake;
        this.writer = writer;
        this.limits = limits;
        this.decided = decided;
    }

    public RunOutcome project(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Rejected> rejected = new ArrayList<>();
        // Receipts of events the intake refused: written with the next transaction, or on their own at the end.
        List<Receipt> refused = new ArrayList<>();
        List<Instant> receivedAt = new ArrayList<>();
        Written written = Written.NOTHING;
        int items = 0;
        int transactions = 0;
        List<Part> chunk = new ArrayList<>();
        int chunkItems = 0;
        long chunkBytes = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Admitted admitted = intake.admit(record);
            Receipt receipt = receiptToRecord(admitted);
            if (admitted.isRejected()) {
                rejected.add(admitted.rejected());
                if (receipt != null) {
                    refused.add(receipt);
                }
                continue;
            }
            chunk.add(new Part(record, admitted, receipt));
            chunkItems += admitted.items();
            chunkBytes += record.value().length;
            items += admitted.items();
            if (admitted.receivedAt() != null) {
                receivedAt.add(admitted.receivedAt());
            }
            if (chunkItems >= limits.maxItems() || chunkBytes >= limits.maxBytes()) {
                written = written.plus(write(chunk, refused, rejected));
                transactions++;
                chunk = new ArrayList<>();
                refused = new ArrayList<>();
                chunkItems = 0;
                chunkBytes = 0;
            }
        }
        if (!chunk.isEmpty() || !refused.isEmpty()) {
            written = written.plus(write(chunk, refused, rejected));
            transactions += chunk.isEmpty() ? 0 : 1; // receipts alone are not a projection transaction
        }
        return new RunOutcome(records.size(), items, written, List.copyOf(rejected), receivedAt, transactions);
    }

    /** One decoded record of a transaction, and the receipt to record for it (null for none). */
    private record Part(ConsumerRecord<byte[], byte[]> record, Admitted admitted, Receipt receipt) {}

    private Receipt receiptToRecord(Admitted admitted) {
        Receipt receipt = admitted.receipt();
        return receipt == null || decided.covers(receipt.origin()) ? null : receipt;
    }

    /** A transaction: the chunk's writes, the receipts of its events and of the events refused since the last. */
    private Written write(List<Part> chunk, List<Receipt> refused, List<Rejected> rejected) {
        List<Receipt> receipts = new ArrayList<>(refused);
        chunk.stream().map(Part::receipt).filter(Objects::nonNull).forEach(receipts::add);
        try {
            return writer.write(
                    Merge.feedback(chunk.stream()
                            .flatMap(p -> p.admitted().feedback().stream())
                            .toList()),
                    Merge.logs(chunk.stream()
                            .flatMap(p -> p.admitted().logs().stream())
                            .toList()),
                    receipts);
        } catch (SQLException | RuntimeException e) {
            if (Fault.of(e) == Fault.ENVIRONMENT) {
                throw new ProjectionOutage(e);
            }
            log.warn(
                    "The database refused a transaction of {} record(s) for its data ({}); writing them one by one",
                    chunk.size(),
                    e.toString());
            return recordByRecord(chunk, refused, rejected);
        }
    }

    private Written recordByRecord(List<Part> chunk, List<Receipt> refused, List<Rejected> rejected) {
        Written written = Written.NOTHING;
        List<Receipt> deadLettered = new ArrayList<>(refused);
        for (Part part : chunk) {
            Receipt receipt = part.receipt();
            try {
                written = written.plus(writer.write(
                        Merge.feedback(part.admitted().feedback()),
                        Merge.logs(part.admitted().logs()),
                        receipt == null ? List.of() : List.of(receipt)));
            } catch (SQLException | RuntimeException e) {
                if (Fault.of(e) == Fault.ENVIRONMENT) {
                    throw new ProjectionOutage(e);
                }
                Rejection rejection = new Rejection(
                        DeadLetterReason.PROJECTION_REJECTED,
                        Fault.describe(e),
                        e.getClass().getName());
                rejected.add(new Rejected(part.record(), rejection));
                if (receipt != null) {
                    deadLettered.add(Receipt.deadLettered(
                            receipt.eventId(),
                            receipt.projectId(),
                            receipt.origin(),
                            receipt.items(),
                            rejection.reason().wireName(),
                            rejection.detail()));
                }
            }
        }
        try {
            return written.plus(writer.write(List.of(), List.of(), deadLettered));
        } catch (SQLException | RuntimeException e) {
            if (Fault.of(e) == Fault.ENVIRONMENT) {
                throw new ProjectionOutage(e);
            }
            // Never stall a partition over a receipt: these events are dead-lettered all the same, and unknown to
            // GET /v1/events.
            log.warn("The database refused the receipts of {} dead letter(s): {}", deadLettered.size(), e.toString());
            return written;
        }
    }
}
