package io.feedbackpipeline.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.feedbackpipeline.catalog.ApiKeyScope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Finds the project of an API key by the key's SHA-256. Answers, found or not, are cached for
 * {@code pipeline.gateway.auth.cache-ttl}: that bounds how long a revoked key keeps working and keeps guessing
 * attempts off the database.
 */
@Component
class ApiKeyDirectory {

    private final JdbcClient jdbc;
    private final Cache<String, Optional<Caller>> cache;
    /** Keys that were valid lately: they may be looked up again even from a throttled address. */
    private final Cache<String, Boolean> recentlyValid = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000)
            .build();

    private final Counter lookups;

    ApiKeyDirectory(JdbcClient jdbc, AuthProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.lookups = Counter.builder("feedback.auth.lookups")
                .description("API keys looked up in the database (cache misses)")
                .register(meters);
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(properties.cacheTtl())
                .maximumSize(100_000)
                .build();
    }

    /** The cached answer for the key, if there is one: no database work either way. */
    Optional<Optional<Caller>> cached(KeyHash key) {
        return Optional.ofNullable(cache.getIfPresent(key.hex()));
    }

    Optional<Caller> find(KeyHash key) {
        Optional<Caller> caller = cache.get(key.hex(), unused -> lookup(key.sha256()));
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
}
