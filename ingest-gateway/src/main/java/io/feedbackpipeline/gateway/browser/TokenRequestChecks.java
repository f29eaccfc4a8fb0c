package io.feedbackpipeline.gateway.browser;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.feedbackpipeline.catalog.WebOrigin;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.FeedbackGrant;
import io.feedbackpipeline.gateway.http.ClientAddresses;
import io.feedbackpipeline.gateway.http.GatewayException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * After authentication, for requests with a feedback token: a page on an origin its project has not allowed is
 * refused (403; a browser would not have sent it, a script outside one might), and a token and a client address may
 * each send only so much. Requests with an API key pass untouched.
 */
@Component
class TokenRequestChecks implements HandlerInterceptor {

    private final AllowedOrigins origins;
    private final ClientAddresses addresses;
    private final BrowserProperties properties;
    private final MeterRegistry meters;
    private final Cache<String, Bucket> perToken = buckets();
    private final Cache<String, Bucket> perAddress = buckets();

    TokenRequestChecks(
            AllowedOrigins origins, ClientAddresses addresses, BrowserProperties properties, MeterRegistry meters) {
        this.origins = origins;
        this.addresses = addresses;
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            return true;
        }
        Caller caller = Caller.of(request);
        if (!caller.isFeedbackToken()) {
            return true;
        }
        FeedbackGrant grant = caller.grant();
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null) {
            Optional<WebOrigin> parsed = WebOrigin.parse(origin);
            if (parsed.isEmpty() || !origins.allows(grant.projectId(), parsed.get())) {
                refused("origin");
                throw new GatewayException(
                        HttpStatus.FORBIDDEN,
                        "Pages on " + origin + " may not send this project's feedback; the project's owner allows"
                                + " origins with feedbackctl projects allow-origin.",
                        null,
                        Map.of("field", "Origin", "reason", "not allowed for the token's project"));
            }
        }
        take(perToken, grant.tokenId(), properties.perTokenBurst(), properties.perTokenPerMinute(), "token");
        take(
                perAddress,
                addresses.of(request),
                properties.perAddressBurst(),
                properties.perAddressPerMinute(),
                "address");
        return true;
    }

    private void take(Cache<String, Bucket> buckets, String key, int burst, int perMinute, String what) {
        Bucket bucket = buckets.get(
                key,
                unused -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(burst)
                                .refillGreedy(perMinute, Duration.ofMinutes(1))
                                .build())
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            refused("throttled-" + what);
            throw new GatewayException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "Too many feedback requests from this " + what + "; retry later.",
                    Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    private void refused(String reason) {
        meters.counter("feedback.tokens.refused", "reason", reason).increment();
    }

    private static Cache<String, Bucket> buckets() {
        return Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofMinutes(30))
                .maximumSize(200_000)
                .build();
    }
}
