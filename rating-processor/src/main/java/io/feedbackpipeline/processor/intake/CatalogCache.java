package io.feedbackpipeline.processor.intake;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.feedbackpipeline.catalog.CatalogReader;
import io.feedbackpipeline.catalog.FeedbackType;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Catalog lookups for validation. Only positive answers are cached (types, projects and endpoint ownership never
 * change once created), so a feedback type created after a record was dead-lettered is seen on re-drive.
 */
@Component
class CatalogCache {

    private final CatalogReader reader;
    private final Cache<Integer, FeedbackType> types = cache();
    private final Cache<UUID, Boolean> projects = cache();
    private final Cache<UUID, UUID> endpointProjects = cache();

    CatalogCache(DataSource dataSource) {
        this.reader = new CatalogReader(dataSource);
    }

    Optional<FeedbackType> feedbackType(int id) {
        return cached(types, id, () -> reader.feedbackType(id));
    }

    boolean projectExists(UUID project) {
        return cached(projects, project, () -> reader.projectExists(project) ? Optional.of(true) : Optional.empty())
                .isPresent();
    }

    Optional<UUID> projectOfEndpoint(UUID endpoint) {
        return cached(endpointProjects, endpoint, () -> reader.projectOfEndpoint(endpoint));
    }

    private static <K, V> Optional<V> cached(Cache<K, V> cache, K key, java.util.function.Supplier<Optional<V>> load) {
        V hit = cache.getIfPresent(key);
        if (hit != null) {
            return Optional.of(hit);
        }
        Optional<V> loaded = load.get();
        loaded.ifPresent(value -> cache.put(key, value));
        return loaded;
    }

    private static <K, V> Cache<K, V> cache() {
        return Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();
    }
}
