package io.feedbackpipeline.projection.store;

import io.feedbackpipeline.projection.failure.Fault;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which transport a transaction uses: the configured one, except that {@link RowTransport#COPY} needs a temporary
 * table, which a role may not be allowed (a DBA who revoked {@code TEMPORARY} from {@code PUBLIC} and granted it to
 * nobody). Then the writer sends arrays and says so once, instead of stalling on a refusal that no retry mends. The
 * privilege is asked in the first transaction, and asked again after a transaction was refused one (revoked while
 * running).
 */
final class TransportChoice {

    private static final Logger log = LoggerFactory.getLogger(TransportChoice.class);
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    private static final String MAY_CREATE_TEMPORARY_TABLES =
            "SELECT has_database_privilege(current_database(), 'TEMPORARY')";

    private final RowTransport configured;
    /** Null until asked. */
    private volatile Boolean temporaryTablesAllowed;

    TransportChoice(RowTransport configured) {
        this.configured = configured;
    }

    RowTransport forTransaction(Connection connection) throws SQLException {
        if (configured != RowTransport.COPY) {
            return configured;
        }
        Boolean allowed = temporaryTablesAllowed;
        if (allowed == null) {
            allowed = askPrivilege(connection);
            if (!allowed) {
                log.warn("The projection's database role may not create temporary tables (TEMPORARY privilege), which"
                        + " binary COPY stages its rows in: writing by SQL arrays instead, which costs more CPU"
                        + " per item. Grant it (GRANT TEMPORARY ON DATABASE ... TO the processor's role) or set"
                        + " the transport to arrays to silence this.");
            }
            temporaryTablesAllowed = allowed;
        }
        return allowed ? RowTransport.COPY : RowTransport.ARRAYS;
    }

    /** After a failed transaction: a missing privilege is asked about again by the next one. */
    void failed(Throwable failure) {
        if (Fault.sqlState(failure).filter(INSUFFICIENT_PRIVILEGE::equals).isPresent()) {
            temporaryTablesAllowed = null;
        }
    }

    private static boolean askPrivilege(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet answer = statement.executeQuery(MAY_CREATE_TEMPORARY_TABLES)) {
            answer.next();
            return answer.getBoolean(1);
        }
    }
}
