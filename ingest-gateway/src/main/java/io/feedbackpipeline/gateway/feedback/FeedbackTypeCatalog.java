package io.feedbackpipeline.gateway.feedback;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.catalog.FeedbackType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Feedback types by id (cached: types never change once created) and per project. */
@Component
public class FeedbackTypeCatalog {

    private static final String COLUMNS = "id, project_id, name, kind, min_value, max_value";

    private final JdbcClient jdbc;
    private final Cache<Integer, FeedbackType> byId =
            Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)).build();

    FeedbackTypeCatalog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<FeedbackType> find(int id) {
        FeedbackType cached = byId.getIfPresent(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<FeedbackType> found = jdbc.sql("SELECT " + COLUMNS + " FROM feedback_type WHERE id = ?")
                .param(id)
                .query(FeedbackTypeCatalog::map)
                .optional();
        found.ifPresent(type -> byId.put(id, type));
        return found;
    }

    public List<FeedbackType> visibleTo(UUID project) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM feedback_type WHERE project_id IS NULL OR project_id = ?"
                        + " ORDER BY id")
                .param(project)
                .query(FeedbackTypeCatalog::map)
                .list();
    }

    /** Creates a project's type; empty if the project already has a type (or there is a built-in) of that name. */
    public Optional<FeedbackType> create(UUID project, String name, FeedbackKind kind, Double min, Double max) {
        boolean nameTaken = jdbc.sql("SELECT count(*) FROM feedback_type WHERE lower(name) = lower(?)"
                        + " AND (project_id IS NULL OR project_id = ?)")
                .param(name).param(project).query(Long.class).single() > 0;
        if (nameTaken) {
            return Optional.empty();
        }
        try {
            return Optional.of(jdbc.sql("INSERT INTO feedback_type (project_id, name, kind, min_value, max_value)"
                            + " VALUES (?, ?, ?, ?, ?) RETURNING " + COLUMNS)
                    .param(project).param(name).param(kind.name()).param(min).param(max)
                    .query(FeedbackTypeCatalog::map)
                    .single());
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
    }

    private static FeedbackType map(ResultSet row, int n) throws SQLException {
        return new FeedbackType(row.getInt("id"), row.getObject("project_id", UUID.class), row.getString("name"),
                FeedbackKind.valueOf(row.getString("kind")), row.getObject("min_value", Double.class),
                row.getObject("max_value", Double.class));
    }
}
