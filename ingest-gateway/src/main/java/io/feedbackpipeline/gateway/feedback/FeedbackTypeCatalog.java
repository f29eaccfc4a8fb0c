package io.feedbackpipeline.gateway.feedback;

import io.feedbackpipeline.catalog.CachedCatalog;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.CatalogReader;
import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.catalog.FeedbackType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/** Feedback types for the gateway: lookups by id through the shared cache, listing and creation uncached. */
@Component
public class FeedbackTypeCatalog {

    private final CachedCatalog cached;
    private final CatalogReader reader;
    private final DataSource dataSource;

    FeedbackTypeCatalog(CachedCatalog cached, DataSource dataSource) {
        this.cached = cached;
        this.reader = new CatalogReader(dataSource);
        this.dataSource = dataSource;
    }

    public Optional<FeedbackType> find(int id) {
        return cached.feedbackType(id);
    }

    public List<FeedbackType> visibleTo(UUID project) {
        return reader.feedbackTypesVisibleTo(project);
    }

    /**
     * Empty if the project already sees a type of that name.
     *
     * @param actor who asks, as the catalog audit records it (the API key's prefix)
     */
    public Optional<FeedbackType> create(
            UUID project, String actor, String name, FeedbackKind kind, Double min, Double max) {
        return new CatalogAdmin(dataSource, actor).createFeedbackType(project, name, kind, min, max);
    }
}
