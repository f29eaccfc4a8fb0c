package io.feedbackpipeline.localstack.junit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Plain statements on a connection of its own each, for tests that set up and inspect tables by hand. */
public record Sql(DataSource dataSource) {

    public void execute(String statements) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute(statements);
        }
    }

    /** The first column of every row {@code select} returns, as text. */
    public List<String> column(String select) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement sql = connection.createStatement();
                ResultSet rows = sql.executeQuery(select)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
