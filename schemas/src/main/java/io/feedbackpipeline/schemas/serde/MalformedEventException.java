package io.feedbackpipeline.schemas.serde;

/** The bytes are not a single-object encoded event: wrong header, truncated, or a corrupt body. */
public final class MalformedEventException extends EventDecodingException {

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
