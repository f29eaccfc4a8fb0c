package io.feedbackpipeline.feedbackctl;

/** An expected failure with its exit code and a one-line message for the operator. */
public final class CommandFailure extends RuntimeException {

    private final int exitCode;

    public CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
