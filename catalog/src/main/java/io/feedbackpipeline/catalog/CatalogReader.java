package io.feedbackpipeline.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Plain-JDBC lookups of catalog entries; callers cache as their freshness needs allow. */
public final class CatalogReader {

    private final DataSource dataSource;

    public CatalogReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    static final String FEEDBACK_TYPE_COLUMNS = "id, project_id, name, kind, min_value, max_value";

    public Optional<FeedbackType> feedbackType(int id) {
        return queryOne("SELECT " + FEEDBACK_TYPE_COLUMNS + " FROM feedback_type WHERE id = ?", id,
                CatalogReader::feedbackType);
    }

    /** The built-in types and the project's own, by id. */
    public List<FeedbackType> feedbackTypesVisibleTo(UUID project) {
        List<FeedbackType> types = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT " + FEEDBACK_TYPE_COLUMNS
                        + " FROM feedback_type WHERE project_id IS NULL OR project_id = ? ORDER BY id")) {
            statement.setObject(1, project);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    types.add(feedbackType(rows));
                }
            }
        } catch (SQLException e) {
            throw new CatalogException("catalog lookup failed: " + e.getMessage(), e);
        }
        return types;
    }

    static FeedbackType feedbackType(ResultSet row) throws SQLException {
        return new FeedbackType(row.getInt("id"), row.getObject("project_id", UUID.class), row.getString("name"),
                FeedbackKind.valueOf(row.getString("kind")), row.getObject("min_value", Double.class),
                row.getObject("max_value", Double.class));
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
