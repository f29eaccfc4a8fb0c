package io.feedbackpipeline.schemas.serde;

/** The bytes are not an event in either framing: wrong header, truncated, or a corrupt body. */
public final class MalformedEventException extends EventDecodingException {

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
