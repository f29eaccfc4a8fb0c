package io.feedbackpipeline.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.feedbackpipeline.catalog.ApiKeyScope;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds the project of an API key by the key's SHA-256. Answers, found or not, are fresh for
 * {@code pipeline.gateway.auth.cache-ttl}; an older one is refreshed in the background on its next use while it is
 * still served, so no request waits on the database for a key it knows, and a database that is down or hung only
 * delays refreshes: the last answer stays in use for {@code stale-while-unreachable}, then the key is looked up
 * again (and fails fast). A revocation takes effect within the TTL and one refresh once the database answers.
 */
@Component
class ApiKeyDirectory implements AutoCloseable {

    private final JdbcClient jdbc;
    private final LoadingCache<String, Optional<Caller>> cache;
    /** Keys that were valid lately: they may be looked up again even from a throttled address. */
    private final Cache<String, Boolean> recentlyValid = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000)
            .build();

    private final Bucket unknownLookups;
    private final Counter lookups;
    private final ExecutorService refreshes = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "api-key-refresh");
        thread.setDaemon(true);
        return thread;
    });

    ApiKeyDirectory(JdbcClient jdbc, AuthProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.lookups = Counter.builder("feedback.auth.lookups")
                .description("API keys looked up in the database (cache misses and refreshes)")
                .register(meters);
        this.unknownLookups = Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(2L * properties.unknownKeyLookupsPerSecond())
                        .refillGreedy(properties.unknownKeyLookupsPerSecond(), Duration.ofSeconds(1))
                        .build())
                .build();
        this.cache = Caffeine.newBuilder()
                .refreshAfterWrite(properties.cacheTtl())
                .expireAfterWrite(properties.cacheTtl().plus(properties.staleWhileUnreachable()))
                .maximumSize(100_000)
                .executor(refreshes)
                .build(hex -> lookup(HexFormat.of().parseHex(hex)));
    }

    /** The cached answer for the key, if there is one: no database work on this thread either way. */
    Optional<Optional<Caller>> cached(KeyHash key) {
        return Optional.ofNullable(cache.getIfPresent(key.hex()));
    }

    /** Looks the key up (a cache miss); false when too many unknown keys are being looked up already. */
    boolean mayLookUp(KeyHash key) {
        return wasRecentlyValid(key) || unknownLookups.tryConsume(1);
    }

    Optional<Caller> find(KeyHash key) {
        Optional<Caller> caller = cache.get(key.hex());
        if (caller.isPresent()) {
            recentlyValid.put(key.hex(), true);
        }
        return caller;
    }

    /**
     * Whether the key was valid lately: its cached answer may have expired, but a stranger cannot have produced
     * it, so its lookup is not throttled (a client behind the same address as an attacker keeps working).
     */
    boolean wasRecentlyValid(KeyHash key) {
        return recentlyValid.getIfPresent(key.hex()) != null;
    }

    private Optional<Caller> lookup(byte[] hash) {
        lookups.increment();
        return jdbc.sql("SELECT id, project_id, key_prefix, scopes, expires_at FROM api_key"
                        + " WHERE key_hash = ? AND revoked_at IS NULL")
                .param(hash)
                .query((row, n) -> {
                    Timestamp expiresAt = row.getTimestamp("expires_at");
                    return new Caller(
                            row.getObject("project_id", UUID.class),
                            row.getObject("id", UUID.class),
                            row.getString("key_prefix"),
                            ApiKeyScope.parseAll(row.getArray("scopes")),
                            expiresAt == null ? null : expiresAt.toInstant());
                })
                .optional();
    }

    @Override
    public void close() {
        refreshes.shutdownNow();
    }
}
