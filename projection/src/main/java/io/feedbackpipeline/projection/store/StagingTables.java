package io.feedbackpipeline.projection.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.PGConnection;

/**
 * The staging tables each database session of a writer has. A temporary table lives as long as its session, so it is
 * created by the first transaction that needs it rather than by every one (a round trip and a notice per kind of row
 * and transaction, issue 24). A transaction that fails may have taken its {@code CREATE} with it (a rollback undoes
 * it), so its session's tables are forgotten and its next transaction creates whatever is missing. Sessions are known
 * by their driver connection, held weakly so that a session the pool closed is forgotten with it.
 */
final class StagingTables {

    private final Map<PGConnection, Set<String>> created = Collections.synchronizedMap(new WeakHashMap<>());

    /** One transaction's use of the tables; {@link Transaction#failed()} if it did not commit. */
    Transaction begin() {
        return new Transaction();
    }

    final class Transaction {

        private PGConnection session;

        private Transaction() {}

        /** Runs {@code create} unless this session has {@code table} already. */
        void ensure(Connection connection, String table, String create) throws SQLException {
            session = connection.unwrap(PGConnection.class);
            Set<String> tables = created.computeIfAbsent(session, newSession -> ConcurrentHashMap.newKeySet());
            if (tables.contains(table)) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute(create);
            }
            tables.add(table);
        }

        void failed() {
            if (session != null) {
                created.remove(session);
            }
        }
    }
}
