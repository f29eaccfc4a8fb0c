package io.feedbackpipeline.schemas.serde;

/**
 * The schema registry could not say which schema an id is: unreachable, timed out, an error of its own, or not a
 * registry at the configured address. An outage, never the record's fault: deliberately not a Kafka
 * {@code SerializationException}, so nothing treats it as a poison record.
 */
public final class SchemaRegistryUnavailableException extends RuntimeException {

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
