package io.feedbackpipeline.catalog;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Catalog lookups on hot paths (every request, every record). Only positive answers are cached: feedback types,
 * projects and endpoint ownership never change once created, while something unknown may be created any moment
 * (a type created after a record was dead-lettered must be seen on re-drive). API keys are not here: revocation
 * needs a bounded cache of both answers.
 */
public final class CachedCatalog implements CatalogLookups {

    private final CatalogReader reader;
    private final Cache<Integer, FeedbackType> types = cache();
    private final Cache<UUID, Boolean> projects = cache();
    private final Cache<UUID, UUID> endpointProjects = cache();

    public CachedCatalog(DataSource dataSource) {
        this.reader = new CatalogReader(dataSource);
    }

    @Override
    public Optional<FeedbackType> feedbackType(int id) {
        return cached(types, id, () -> reader.feedbackType(id));
    }

    @Override
    public boolean projectExists(UUID project) {
        return cached(projects, project, () -> reader.projectExists(project) ? Optional.of(true) : Optional.empty())
                .isPresent();
    }

    @Override
    public Optional<UUID> projectOfEndpoint(UUID endpoint) {
        return cached(endpointProjects, endpoint, () -> reader.projectOfEndpoint(endpoint));
    }

    private static <K, V> Optional<V> cached(Cache<K, V> cache, K key, Supplier<Optional<V>> load) {
        V hit = cache.getIfPresent(key);
        if (hit != null) {
            return Optional.of(hit);
        }
        Optional<V> loaded = load.get();
        loaded.ifPresent(value -> cache.put(key, value));
        return loaded;
    }

    private static <K, V> Cache<K, V> cache() {
        return Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterAccess(Duration.ofHours(1))
                .build();
    }
}
