package io.feedbackpipeline.gateway.feedback;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.CatalogReader;
import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.catalog.FeedbackType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Feedback types for the gateway: lookups by id are cached (a type never changes once created; an unknown id is
 * not cached, so a type created a moment ago is found).
 */
@Component
public class FeedbackTypeCatalog {

    private final CatalogReader reader;
    private final CatalogAdmin admin;
    private final Cache<Integer, FeedbackType> byId =
            Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(10)).build();

    FeedbackTypeCatalog(DataSource dataSource) {
        this.reader = new CatalogReader(dataSource);
        this.admin = new CatalogAdmin(dataSource);
    }

    public Optional<FeedbackType> find(int id) {
        FeedbackType cached = byId.getIfPresent(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<FeedbackType> found = reader.feedbackType(id);
        found.ifPresent(type -> byId.put(id, type));
        return found;
    }

    public List<FeedbackType> visibleTo(UUID project) {
        return reader.feedbackTypesVisibleTo(project);
    }

    /** Empty if the project already sees a type of that name. */
    public Optional<FeedbackType> create(UUID project, String name, FeedbackKind kind, Double min, Double max) {
        return admin.createFeedbackType(project, name, kind, min, max);
    }
}
