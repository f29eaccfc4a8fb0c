package io.feedbackpipeline.schemas.contract;

import io.feedbackpipeline.schemas.history.SchemaHistory;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event type of the contract: its generated class, its current (reader) schema and every released
 * version, which stay decodable forever.
 */
public record EventType<T extends SpecificRecord>(Class<T> recordClass, Schema currentSchema, List<Schema> history) {

    public EventType {
        history = List.copyOf(history);
    }

    public static <T extends SpecificRecord> EventType<T> of(Class<T> recordClass) {
        Schema current = SpecificData.getForClass(recordClass).getSchema(recordClass);
        return new EventType<>(recordClass, current, SchemaHistory.of(current.getName()));
    }

    public String name() {
        return currentSchema.getName();
    }

    /** The CRC-64-AVRO fingerprint that single-object encoding writes in front of the current schema's data. */
    public long currentFingerprint() {
        return SchemaNormalization.parsingFingerprint64(currentSchema);
    }

    /** A data model that decodes into the generated classes, with their logical type conversions (UUID, Instant). */
    public SpecificData model() {
        return new ContractModel(SpecificData.getForClass(recordClass));
    }
}
