package io.feedbackpipeline.gateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A token bucket of failed authentications per client address: a stranger trying keys gets {@code failureBurst}
 * attempts, then one a second, and is answered 429 before its key is even looked at. Valid keys never spend tokens.
 * Bounded: the least recently seen addresses are forgotten first.
 */
@Component
class FailedAuthThrottle {

    private final AuthProperties properties;
    private final Cache<String, Bucket> failures = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000)
            .build();

    FailedAuthThrottle(AuthProperties properties) {
        this.properties = properties;
    }

    /** How long the address must wait before its next attempt; empty when it may try now. */
    Optional<Duration> waitFor(String address) {
        Bucket bucket = failures.getIfPresent(address);
        if (bucket == null || bucket.getAvailableTokens() > 0) {
            return Optional.empty();
        }
        return Optional.of(
                Duration.ofNanos(Math.max(1, bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill())));
    }

    void failed(String address) {
        failures.get(address, unused -> newBucket()).tryConsume(1);
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(properties.failureBurst())
                        .refillGreedy(properties.failuresPerMinute(), Duration.ofMinutes(1))
                        .build())
                .build();
    }
}
