package io.feedbackpipeline.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record value that cannot be decoded into an event. Extends Kafka's {@link SerializationException} so consumers
 * and Spring Kafka's error-handling deserializer treat it as a poison record, never as a transient failure.
 */
public abstract sealed class EventDecodingException extends SerializationException
        permits UnknownSchemaException, IncompatibleSchemaException, MalformedEventException {

    protected EventDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
