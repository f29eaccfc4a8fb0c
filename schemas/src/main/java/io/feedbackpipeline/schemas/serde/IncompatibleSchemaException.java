package io.feedbackpipeline.schemas.serde;

/**
 * The registry knows the record's schema, but it cannot be read as the contract's event: another record type, a
 * field the contract needs and the writer lacks, or not an Avro schema at all.
 */
public final class IncompatibleSchemaException extends EventDecodingException {

    private final int schemaId;

    /** @param why completes "schema id N ...", e.g. "is a PROTOBUF schema, not Avro" */
    public IncompatibleSchemaException(int schemaId, String why) {
        super("schema id %d %s".formatted(schemaId, why), null);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
