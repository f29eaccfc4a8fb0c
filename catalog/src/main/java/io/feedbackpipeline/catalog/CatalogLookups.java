package io.feedbackpipeline.catalog;

import java.util.Optional;
import java.util.UUID;

/** The catalog facts an event is checked against. {@link CachedCatalog} serves them from the database. */
public interface CatalogLookups {

    Optional<FeedbackType> feedbackType(int id);

    boolean projectExists(UUID project);

    /** The project an endpoint belongs to, if the endpoint exists. */
    Optional<UUID> projectOfEndpoint(UUID endpoint);
}
