package io.feedbackpipeline.schemas.serde;

import io.feedbackpipeline.schemas.registry.BundledRegistry;
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

    /**
     * These schemas first, then {@code external} for an id they do not know: the bundled history resolves in-process,
     * so no record framed with a bundled id ever waits for a registry, and only other ids go over the network.
     */
    default WriterSchemas orElse(WriterSchemas external) {
        return schemaId -> {
            try {
                return byId(schemaId);
            } catch (UnknownSchemaException notHere) {
                return external.byId(schemaId);
            }
        };
    }

    /**
     * The ids of every schema in the bundled history, as the gateway's registry API serves them, resolved without a
     * network call. An id of another event type resolves too, so reading it is refused as an incompatible schema,
     * not an unknown one.
     */
    static WriterSchemas bundled() {
        BundledRegistry registry = BundledRegistry.ofPipeline();
        return schemaId -> registry.schema(schemaId)
                .orElseThrow(() -> UnknownSchemaException.ofSchemaId(schemaId, "no bundled schema has it"));
    }

    /** No registry: every id beyond the bundled history is unknown, so its record is dead-lettered, never waited for. */
    static WriterSchemas none() {
        return schemaId -> {
            throw UnknownSchemaException.ofSchemaId(
                    schemaId, "it is not in the bundled history and no external schema registry is configured");
        };
    }
}
