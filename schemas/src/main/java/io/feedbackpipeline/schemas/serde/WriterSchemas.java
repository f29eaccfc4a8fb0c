package io.feedbackpipeline.schemas.serde;

import io.feedbackpipeline.schemas.contract.EventType;
import io.feedbackpipeline.schemas.history.SchemaIds;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Resolves the schema id of a Confluent-framed record to the schema that wrote it, usually through a schema
 * registry. Who is at fault decides how it fails: an id the registry does not know is the record's fault
 * ({@link UnknownSchemaException}, the record is dead-lettered); a registry that cannot answer is an outage
 * ({@link SchemaRegistryUnavailableException}, the record waits).
 */
@FunctionalInterface
public interface WriterSchemas {

    Schema byId(int schemaId);

    /** The ids the bundled registry API serves for this event type, resolved without a network call. */
    static WriterSchemas bundled(EventType<?> eventType) {
        Map<Integer, Schema> byId =
                eventType.history().stream().collect(Collectors.toMap(SchemaIds::of, Function.identity()));
        return schemaId -> {
            Schema schema = byId.get(schemaId);
            if (schema == null) {
                throw UnknownSchemaException.ofSchemaId(schemaId, "no bundled " + eventType.name() + " version has it");
            }
            return schema;
        };
    }
}
