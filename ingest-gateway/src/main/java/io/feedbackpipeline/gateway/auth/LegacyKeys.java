package io.feedbackpipeline.gateway.auth;

import io.feedbackpipeline.support.timer.Periodic;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The hashes of the active keys issued before keys carried a checksum. No such key is issued any more, so the set
 * is complete once loaded, and a legacy-shaped key outside it is refused without a lookup. It is reloaded on a
 * timer (every cache TTL), so revocations apply within that time and the database work does not grow with
 * requests. Until the first load succeeds (database down at start-up), the directory is asked instead.
 */
@Component
class LegacyKeys implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LegacyKeys.class);

    private final JdbcClient jdbc;
    private final Periodic reloads;
    private volatile Set<ByteBuffer> hashes;

    LegacyKeys(JdbcClient jdbc, AuthProperties properties) {
        this.jdbc = jdbc;
        this.reloads = new Periodic("legacy-api-keys", Duration.ZERO, properties.cacheTtl(), this::reload);
    }

    /** Whether the key may exist; empty when the set is not known yet. */
    Optional<Boolean> mayExist(byte[] sha256) {
        Set<ByteBuffer> known = hashes;
        return known == null ? Optional.empty() : Optional.of(known.contains(ByteBuffer.wrap(sha256)));
    }

    private void reload() {
        try {
            List<byte[]> rows = jdbc.sql("SELECT key_hash FROM api_key WHERE NOT checksummed AND revoked_at IS NULL")
                    .query(byte[].class)
                    .list();
            Set<ByteBuffer> loaded = new HashSet<>();
            rows.forEach(hash -> loaded.add(ByteBuffer.wrap(hash)));
            hashes = Set.copyOf(loaded);
        } catch (RuntimeException e) {
            log.warn("Cannot reload the keys issued before checksums (keeping the last set): {}", e.toString());
        }
    }

    @Override
    public void close() {
        reloads.close();
    }
}
