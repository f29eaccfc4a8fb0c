package io.feedbackpipeline.projection.failure;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who is at fault when a write fails, which decides what happens (DESIGN.md 8).
 *
 * <p>Every record is validated completely before it is written, so a database that refuses a validated record is
 * almost always the environment's fault. Only a refusal the data itself causes, SQLState class 22 (data exception)
 * or 23 (integrity constraint violation), is the record's fault: that record is isolated and dead-lettered. Anything
 * else, read-only after a failover, a missing privilege, a renamed table or column, a lock or statement timeout, a
 * lost connection, an internal error, even an exception that carries no SQLState, is an outage: the batch is retried
 * with back-off, never dead-lettered, never skipped. Decided by SQLState, never by message text.
 */
public enum Fault {
    /** The record itself: isolate it and dead-letter it. */
    DATA,
    /** The environment: wait it out and retry. */
    ENVIRONMENT;

    private static final Set<String> DATA_SQLSTATE_CLASSES = Set.of("22", "23");

    public static Fault of(Throwable failure) {
        return sqlState(failure)
                .filter(state -> DATA_SQLSTATE_CLASSES.contains(state.substring(0, 2)))
                .map(state -> DATA)
                .orElse(ENVIRONMENT);
    }

    /** One line for logs and dead-letter headers: {@code [SQLState] first line of the message}. */
    public static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return sqlState(failure).map(state -> "[" + state + "] ").orElse("")
                + message.lines().findFirst().orElse(message);
    }

    /** The first SQLState in the cause chain, following chained SQL exceptions too, if there is one. */
    public static Optional<String> sqlState(Throwable failure) {
        Deque<Throwable> pending = new ArrayDeque<>(List.of(failure));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!pending.isEmpty()) {
            Throwable next = pending.poll();
            if (!seen.add(next)) {
                continue;
            }
            if (next instanceof SQLException sql) {
                if (sql.getSQLState() != null && sql.getSQLState().length() == 5) {
                    return Optional.of(sql.getSQLState());
                }
                if (sql.getNextException() != null) {
                    pending.add(sql.getNextException());
                }
            }
            if (next.getCause() != null) {
                pending.add(next.getCause());
            }
        }
        return Optional.empty();
    }
}
