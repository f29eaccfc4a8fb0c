package io.feedbackpipeline.projection.store;

/**
 * How the writer sends a transaction's rows to PostgreSQL; the statements that merge them are the same either way,
 * and so are their results (ProjectionTransportIT compares both on random batches).
 */
public enum RowTransport {
    /**
     * Binary {@code COPY} into a staging table of the session ({@code pg_temp}, emptied at every commit), which the
     * merging statement reads. No text to format or parse for timestamps, UUIDs and numbers, no array to build: what
     * PostgreSQL's own loader takes fastest. Needs the {@code TEMPORARY} privilege on the database, which every role
     * has unless it was revoked from {@code PUBLIC}.
     */
    COPY,
    /**
     * One SQL array per column bound to the statement and unnested by it, timestamps and UUIDs as text: the writer
     * before issue 24, kept to measure against and for a database where temporary tables are not allowed.
     */
    ARRAYS
}
