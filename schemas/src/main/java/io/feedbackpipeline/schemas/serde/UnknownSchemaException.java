package io.feedbackpipeline.schemas.serde;

/**
 * The record names the schema that wrote it, and that schema cannot be found: a single-object fingerprint that no
 * bundled version has, or a Confluent schema id that the registry does not know.
 */
public final class UnknownSchemaException extends EventDecodingException {

    private UnknownSchemaException(String message, Throwable cause) {
        super(message, cause);
    }

    public static UnknownSchemaException ofFingerprint(String eventType, long fingerprint, Throwable cause) {
        return new UnknownSchemaException(
                "no bundled %s schema has fingerprint %s".formatted(eventType, hex(fingerprint)), cause);
    }

    /** @param why who does not know the id, e.g. "the registry at ... answered 40403" */
    public static UnknownSchemaException ofSchemaId(int schemaId, String why) {
        return new UnknownSchemaException("unknown schema id %d: %s".formatted(schemaId, why), null);
    }

    private static String hex(long fingerprint) {
        return "0x%016x".formatted(fingerprint);
    }
}
