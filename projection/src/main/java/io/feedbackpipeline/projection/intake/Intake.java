package io.feedbackpipeline.projection.intake;

import io.feedbackpipeline.catalog.CatalogLookups;
import io.feedbackpipeline.catalog.EventRules;
import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.merge.FeedbackWrite;
import io.feedbackpipeline.merge.LogKey;
import io.feedbackpipeline.merge.LogVersion;
import io.feedbackpipeline.merge.LogWrite;
import io.feedbackpipeline.merge.Origin;
import io.feedbackpipeline.merge.RegisterKey;
import io.feedbackpipeline.merge.Version;
import io.feedbackpipeline.projection.receipt.Receipt;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.contract.DeadLetterReason;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.EventDecodingException;
import io.feedbackpipeline.schemas.serde.EventDeserializer;
import io.feedbackpipeline.schemas.serde.IncompatibleSchemaException;
import io.feedbackpipeline.schemas.serde.SchemaRegistryUnavailableException;
import io.feedbackpipeline.schemas.serde.UnknownSchemaException;
import io.feedbackpipeline.schemas.serde.WriterSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decodes and checks a record: every feedback item and completion log that passes the event rules becomes a write, a
 * record that cannot be projected becomes a rejection with its reason. Never throws for a bad record (a poison record
 * must not stall its partition); it does throw when the catalog or the schema registry cannot be read, which is an
 * outage.
 */
public final class Intake {

    private final EventRules rules;
    private final CatalogLookups catalog;
    private final int maxRecordBytes;
    private final EventDeserializer<FeedbackBatch> feedbackDecoder;
    private final EventDeserializer<CompletionLogged> logDecoder;
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * @param maxRecordBytes a record value larger than this is rejected unread ({@link Rejection#TOO_LARGE}): no
     *     legitimate event is that large, and decoding it could exhaust the heap
     * @param confluentSchemas resolves the schema ids of Confluent-framed records (a schema registry); when it
     *     cannot be reached, {@link #admit} throws, as for any outage
     */
    public Intake(CatalogLookups catalog, int maxRecordBytes, WriterSchemas confluentSchemas) {
        this.rules = new EventRules(catalog);
        this.catalog = catalog;
        this.maxRecordBytes = maxRecordBytes;
        this.feedbackDecoder = new EventDeserializer<>(Topics.FEEDBACK.valueType(), confluentSchemas);
        this.logDecoder = new EventDeserializer<>(Topics.COMPLETION_LOGS.valueType(), confluentSchemas);
    }

    /** Resolves Confluent schema ids among the bundled versions only, with no registry to ask. */
    public Intake(CatalogLookups catalog, int maxRecordBytes) {
        this.rules = new EventRules(catalog);
        this.catalog = catalog;
        this.maxRecordBytes = maxRecordBytes;
        this.feedbackDecoder = new EventDeserializer<>(Topics.FEEDBACK.valueType());
        this.logDecoder = new EventDeserializer<>(Topics.COMPLETION_LOGS.valueType());
    }

    /** One record taken apart: its writes, or why it cannot be projected. */
    public Admitted admit(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() != null && record.value().length > maxRecordBytes) {
            return Admitted.rejected(
                    record,
                    new Rejection(
                            DeadLetterReason.TOO_LARGE,
                            "the value has %,d bytes, more".formatted(record.value().length)
                                    + " than the limit of %,d".formatted(maxRecordBytes),
                            RecordTooLarge.class.getName()));
        }
        Origin origin = new Origin(record.topic(), record.partition(), record.offset());
        boolean isLog = Topics.COMPLETION_LOGS.name().equals(record.topic());
        Object event;
        try {
            event = isLog
                    ? logDecoder.deserialize(record.topic(), record.value())
                    : feedbackDecoder.deserialize(record.topic(), record.value());
        } catch (SchemaRegistryUnavailableException outage) {
            throw outage; // the registry's fault, not the record's: the record waits
        } catch (RuntimeException e) {
            return Admitted.rejected(record, undecodable(e));
        }
        if (event instanceof CompletionLogged log) {
            List<EventRules.Violation> problems = rules.check(log);
            if (!problems.isEmpty()) {
                return invalid(record, problems, log.getEventId(), log.getProjectId(), origin, 1);
            }
            return Admitted.log(
                    new LogWrite(
                            new LogKey(log.getProjectId(), log.getUsageId()),
                            new LogVersion(log.getEmittedAt(), log.getEventId()),
                            origin,
                            log),
                    Receipt.projected(log.getEventId(), log.getProjectId(), origin, 1));
        }
        FeedbackBatch batch = (FeedbackBatch) event;
        int items = batch.getItems().size();
        List<EventRules.Violation> problems = rules.check(batch);
        if (!problems.isEmpty()) {
            return invalid(record, problems, batch.getEventId(), batch.getProjectId(), origin, items);
        }
        return Admitted.feedback(
                writes(batch, origin),
                batch.getReceivedAt(),
                items,
                Receipt.projected(batch.getEventId(), batch.getProjectId(), origin, items));
    }

    private static Admitted invalid(
            ConsumerRecord<byte[], byte[]> record,
            List<EventRules.Violation> problems,
            UUID eventId,
            UUID projectId,
            Origin origin,
            int items) {
        Rejection rejection = Rejection.invalid(describe(problems));
        return Admitted.rejected(
                record,
                rejection,
                Receipt.deadLettered(
                        eventId, projectId, origin, items, rejection.reason().wireName(), rejection.detail()));
    }

    /**
     * Why a record's bytes could not be read. Decoding is computation on the record and the schema it names alone, so
     * whatever fails in it, typed or not (Avro throws many types), is the record's fault and must never stall its
     * partition: only an unreachable registry is an outage.
     */
    private static Rejection undecodable(RuntimeException e) {
        DeadLetterReason reason = e instanceof UnknownSchemaException
                ? DeadLetterReason.UNKNOWN_SCHEMA
                : e instanceof IncompatibleSchemaException
                        ? DeadLetterReason.INCOMPATIBLE_SCHEMA
                        : DeadLetterReason.UNDECODABLE;
        String detail = e instanceof EventDecodingException ? e.getMessage() : "cannot be decoded: " + e;
        return new Rejection(reason, detail, e.getClass().getName());
    }

    private static String describe(List<EventRules.Violation> problems) {
        return problems.stream().map(EventRules.Violation::toString).collect(Collectors.joining("; "));
    }

    private List<FeedbackWrite> writes(FeedbackBatch batch, Origin origin) {
        List<FeedbackWrite> writes = new ArrayList<>(batch.getItems().size());
        for (int index = 0; index < batch.getItems().size(); index++) {
            FeedbackItem item = batch.getItems().get(index);
            FeedbackKind kind =
                    catalog.feedbackType(item.getFeedbackTypeId()).orElseThrow().kind();
            writes.add(new FeedbackWrite(
                    new RegisterKey(batch.getProjectId(), item.getUsageId(), item.getFeedbackTypeId()),
                    new Version(item.getOccurredAt(), batch.getEventId(), index),
                    origin,
                    item.getFlag(),
                    item.getValue(),
                    item.getComment(),
                    item.getTag(),
                    displayValue(kind, item),
                    batch.getEndpointId(),
                    batch.getEndUserId(),
                    batch.getReceivedAt()));
        }
        return writes;
    }

    /**
     * The JSON of what the type displays: BOOLEAN its flag, NUMERIC its value, TEXT its comment. A flag and a finite
     * number are written directly, as Jackson would write them: a call into Jackson per item cost about a tenth of
     * a rebuild's decoding.
     */
    private String displayValue(FeedbackKind kind, FeedbackItem item) {
        Object shown = switch (kind) {
            case BOOLEAN -> item.getFlag();
            case NUMERIC -> item.getValue();
            case TEXT -> item.getComment();
        };
        if (shown == null) {
            return "null";
        }
        if (shown instanceof Boolean flag) {
            return flag.toString();
        }
        if (shown instanceof Double number && Double.isFinite(number)) {
            return number.toString();
        }
        return json.writeValueAsString(shown);
    }

    /** Marks size rejections in the exception header, as there is no thrown exception for them. */
    static final class RecordTooLarge {
        private RecordTooLarge() {}
    }
}
