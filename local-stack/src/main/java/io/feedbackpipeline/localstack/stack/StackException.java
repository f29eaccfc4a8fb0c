package io.feedbackpipeline.localstack.stack;

/** The local stack cannot start; the message says why and what to do, in one line. */
final class StackException extends RuntimeException {

    StackException(String message) {
        super(message);
    }

    StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
