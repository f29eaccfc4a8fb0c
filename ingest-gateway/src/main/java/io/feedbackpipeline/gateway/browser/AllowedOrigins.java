package io.feedbackpipeline.gateway.browser;

import io.feedbackpipeline.catalog.CatalogReader;
import io.feedbackpipeline.catalog.WebOrigin;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The origins each project's pages may send feedback from ({@code feedbackctl projects allow-origin}), held in memory
 * and reloaded in the background: a browser request never waits on the database for them, and while the database is
 * unreachable the last list stays in use.
 */
@Component
class AllowedOrigins implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AllowedOrigins.class);

    private record Snapshot(Map<UUID, Set<WebOrigin>> byProject, Set<WebOrigin> anyProject) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), Set.of());

        static Snapshot of(Map<UUID, Set<WebOrigin>> byProject) {
            Map<UUID, Set<WebOrigin>> copy = byProject.entrySet().stream()
                    .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> Set.copyOf(entry.getValue())));
            return new Snapshot(
                    copy, copy.values().stream().flatMap(Set::stream).collect(Collectors.toUnmodifiableSet()));
        }
    }

    private final CatalogReader catalog;
    private final ScheduledExecutorService reloads = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "allowed-origins-reload");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Snapshot snapshot = Snapshot.EMPTY;

    AllowedOrigins(DataSource dataSource, BrowserProperties properties) {
        this.catalog = new CatalogReader(dataSource);
        long every = properties.originsRefresh().toMillis();
        reloads.scheduleWithFixedDelay(this::reload, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Whether the project's pages may be on this origin. */
    boolean allows(UUID project, WebOrigin origin) {
        return snapshot.byProject().getOrDefault(project, Set.of()).contains(origin);
    }

    /** Whether some project's pages may be on this origin: a preflight names no project, so this is all it can ask. */
    boolean anyProjectAllows(WebOrigin origin) {
        return snapshot.anyProject().contains(origin);
    }

    private void reload() {
        try {
            snapshot = Snapshot.of(catalog.allOrigins());
        } catch (RuntimeException e) {
            log.warn("Could not reload the allowed browser origins, keeping the last list: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        reloads.shutdownNow();
    }
}
