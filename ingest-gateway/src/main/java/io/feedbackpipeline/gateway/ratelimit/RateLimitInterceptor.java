package io.feedbackpipeline.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.http.GatewayException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A token bucket per API key (Bucket4j): {@code burst} requests at once, refilled at {@code requests-per-second}.
 * Above it: 429 with Retry-After, before the body is read. Runs after authentication. Limits are per gateway
 * instance; a fleet of N gateways allows N times the rate.
 */
@Component
class RateLimitInterceptor implements HandlerInterceptor {

    private final RateLimitProperties limit;
    private final Cache<UUID, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000)
            .build();

    RateLimitInterceptor(RateLimitProperties limit) {
        this.limit = limit;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!limit.enabled() || request.getDispatcherType() == DispatcherType.ASYNC) {
            return true; // an async dispatch is the same request, counted once already
        }
        Caller caller = Caller.of(request);
        Bucket bucket = buckets.get(caller.apiKeyId(), unused -> newBucket());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new GatewayException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "More than " + limit.requestsPerSecond() + " requests per second for this API key.",
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
        return true;
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.burst())
                        .refillGreedy(limit.requestsPerSecond(), Duration.ofSeconds(1))
                        .build())
                .build();
    }
}
