package io.feedbackpipeline.projection.failure;

/**
 * The projection could not be written for a reason that is not the data's fault (see {@link Fault}). Nothing of the
 * failed transaction is kept; the caller retries the same records later, which is safe because every write is
 * idempotent.
 */
public final class ProjectionOutage extends RuntimeException {

    public ProjectionOutage(Throwable cause) {
        super(Fault.describe(cause), cause);
    }

    /** The SQLState, if the database gave one, else the exception type: what health and logs report. */
    public String reason() {
        return Fault.sqlState(getCause())
                .map(state -> "SQLState " + state)
                .orElse(getCause().getClass().getName());
    }
}
