package io.feedbackpipeline.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Plain-JDBC lookups of catalog entries; callers cache as their freshness needs allow. */
public final class CatalogReader {

    private final DataSource dataSource;

    public CatalogReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<FeedbackType> feedbackType(int id) {
        return queryOne("SELECT id, project_id, name, kind, min_value, max_value FROM feedback_type WHERE id = ?",
                id, row -> new FeedbackType(row.getInt(1), row.getObject(2, UUID.class), row.getString(3),
                        FeedbackKind.valueOf(row.getString(4)), row.getObject(5, Double.class),
                        row.getObject(6, Double.class)));
    }

    public boolean projectExists(UUID project) {
        return queryOne("SELECT 1 FROM project WHERE id = ?", project, row -> true).isPresent();
    }

    /** The project an endpoint belongs to, if the endpoint exists. */
    public Optional<UUID> projectOfEndpoint(UUID endpoint) {
        return queryOne("SELECT project_id FROM endpoint WHERE id = ?", endpoint, row -> row.getObject(1, UUID.class));
    }

    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private <T> Optional<T> queryOne(String sql, Object parameter, RowMapper<T> mapper) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new CatalogException("catalog lookup failed: " + e.getMessage(), e);
        }
    }
}
