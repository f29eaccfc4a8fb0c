package io.feedbackpipeline.projection.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A transaction's limits hold for that transaction only: the session the pool hands out next has the server's own,
 * whoever uses it then.
 */
@WithPipelineInfrastructure
class TransactionsIT {

    private static final String LIMITS = "SELECT current_setting('lock_timeout'), current_setting('statement_timeout'),"
            + " current_setting('work_mem')";

    @Test
    @DisplayName("each transaction sets its lock and statement timeouts and work_mem, for itself only")
    void limitsHoldForTheTransactionOnly(PipelineInfrastructure infrastructure) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("transactions-one-session");
        config.setJdbcUrl(infrastructure.postgres().jdbcUrl());
        config.setUsername(PostgresServer.PROCESSOR.name());
        config.setPassword(PostgresServer.PROCESSOR.password());
        config.setMaximumPoolSize(1); // one session, so the last read sees what the transactions left on it
        try (HikariDataSource session = new HikariDataSource(config)) {
            List<String> outside = limits(session);

            Transactions transactions =
                    new Transactions(session, new Transactions.Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(70)));
            assertThat(transactions.inTransaction(TransactionsIT::limitsOf)).containsExactly("3s", "70s", "64MB");
            Transactions smaller = new Transactions(session, Transactions.Timeouts.DEFAULT, 8 * 1024);
            assertThat(smaller.inTransaction(TransactionsIT::limitsOf)).containsExactly("10s", "1min", "8MB");

            assertThat(limits(session)).isEqualTo(outside).doesNotContain("64MB");
        }
    }

    @Test
    @DisplayName("a work_mem below PostgreSQL's minimum is refused when the transactions are made, not at the first")
    void workMemBelowTheMinimumIsRefused(PipelineInfrastructure infrastructure) {
        assertThatThrownBy(() -> new Transactions(infrastructure.dataSource(), Transactions.Timeouts.DEFAULT, 63))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 kB");
    }

    private static List<String> limits(HikariDataSource session) throws SQLException {
        try (Connection connection = session.getConnection()) {
            return limitsOf(connection);
        }
    }

    private static List<String> limitsOf(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement();
                ResultSet row = sql.executeQuery(LIMITS)) {
            row.next();
            return List.of(row.getString(1), row.getString(2), row.getString(3));
        }
    }
}
