package io.feedbackpipeline.schemas.serde;

/** The bytes are single-object encoded, but with a schema fingerprint that no bundled schema version has. */
public final class UnknownSchemaException extends EventDecodingException {

    private final long fingerprint;

    public UnknownSchemaException(String eventType, long fingerprint, Throwable cause) {
        super("no bundled %s schema has fingerprint %s".formatted(eventType, hex(fingerprint)), cause);
        this.fingerprint = fingerprint;
    }

    public long fingerprint() {
        return fingerprint;
    }

    static String hex(long fingerprint) {
        return "0x%016x".formatted(fingerprint);
    }
}
