package io.feedbackpipeline.gateway.registryapi;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.feedbackpipeline.gateway.http.ClientAddresses;
import io.feedbackpipeline.gateway.http.GatewayException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The registry API takes no key, so what one client address may ask of it is bounded: a token bucket of lookups and
 * registrations (the requests that carry a schema to parse) per address, 429 with Retry-After above it. Reads of the
 * bundled history cost nothing and are not counted. Bounded: the least recently seen addresses are forgotten first.
 */
@Component
class RegistryThrottle implements HandlerInterceptor {

    static final int BURST = 40;
    static final int PER_SECOND = 20;

    private final ClientAddresses addresses;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000)
            .build();

    RegistryThrottle(ClientAddresses addresses) {
        this.addresses = addresses;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() != DispatcherType.REQUEST || !HttpMethod.POST.matches(request.getMethod())) {
            return true;
        }
        Bucket bucket = buckets.get(
                addresses.of(request),
                unused -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(BURST)
                                .refillGreedy(PER_SECOND, Duration.ofSeconds(1))
                                .build())
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new GatewayException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "More than " + PER_SECOND + " schema lookups per second from this address.",
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
        return true;
    }
}
