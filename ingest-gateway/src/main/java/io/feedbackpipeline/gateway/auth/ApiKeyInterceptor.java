package io.feedbackpipeline.gateway.auth;

import io.feedbackpipeline.catalog.ApiKeySecret;
import io.feedbackpipeline.catalog.FeedbackTokenShape;
import io.feedbackpipeline.gateway.http.ClientAddresses;
import io.feedbackpipeline.gateway.http.GatewayException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Every API route needs {@code Authorization: Bearer <key>} (or, on the routes that take them, a feedback token:
 * {@link FeedbackTokenAuthority}); the caller's project is attached to the request. It
 * runs before the handler reads or parses a body, and refusing a stranger costs no database work: a malformed key,
 * a wrong checksum or a pre-checksum key outside the known set is refused on the spot, an unknown key is looked up
 * once and then cached as unknown, and an address that keeps failing is answered 429 and is not looked up for. A
 * key known to be valid lately is not throttled (a client sharing an address with an attacker keeps working), and
 * other addresses are not affected. A client is its address as {@link ClientAddresses} tells it (an IPv6 /64; behind
 * a configured proxy, the forwarded client), and all unknown keys together are looked up at a bounded rate.
 */
@Component
class ApiKeyInterceptor implements HandlerInterceptor {

    private static final String BEARER = "Bearer ";

    private final ApiKeyDirectory directory;
    private final LegacyKeys legacyKeys;
    private final FailedAuthThrottle throttle;
    private final MeterRegistry meters;
    private final ClientAddresses addresses;
    private final FeedbackTokenAuthority tokens;

    ApiKeyInterceptor(
            FeedbackTokenAuthority tokens,
            ApiKeyDirectory directory,
            LegacyKeys legacyKeys,
            FailedAuthThrottle throttle,
            MeterRegistry meters,
            ClientAddresses addresses) {
        this.addresses = addresses;
        this.tokens = tokens;
        this.directory = directory;
        this.legacyKeys = legacyKeys;
        this.throttle = throttle;
        this.meters = meters;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            return true; // the request was authenticated before its handler went asynchronous
        }
        String address = addresses.of(request);
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw failed(address, "missing");
        }
        String token = header.substring(BEARER.length()).trim();
        if (token.startsWith(FeedbackTokenShape.PREFIX)) {
            authenticateFeedbackToken(request, handler, token, address);
            return true;
        }
        if (!ApiKeySecret.isWellFormed(token)) {
            throw failed(address, "malformed"); // includes a wrong checksum: a random or mistyped key
        }
        ApiKeySecret secret = new ApiKeySecret(token);
        KeyHash key = KeyHash.of(secret);
        if (secret.isLegacy() && !legacyKeys.mayExist(key.sha256()).orElse(true)) {
            throw failed(address, "unknown");
        }
        Optional<Caller> caller = directory.cached(key).orElseGet(() -> {
            if (!directory.wasRecentlyValid(key)) {
                throttle.waitFor(address).ifPresent(wait -> {
                    throw throttled(wait);
                });
            }
            if (!directory.mayLookUp(key)) {
                refused("lookups-capped");
                throw new GatewayException(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "Too many unknown API keys are being tried right now; retry later.",
                        Duration.ofSeconds(1));
            }
            return directory.find(key);
        });
        if (caller.isEmpty()) {
            throw failed(address, "unknown");
        }
        if (caller.get().expiredAt(Instant.now())) {
            throw failed(address, "expired");
        }
        caller.get().attachTo(request);
        return true;
    }

    /**
     * A feedback token is checked by its signature alone (no database), and only on the routes that take tokens: on
     * any other it is a 403, whatever it grants. A bad or expired token counts as a failed authentication of its
     * address, like a bad key.
     */
    private void authenticateFeedbackToken(HttpServletRequest request, Object handler, String token, String address) {
        FeedbackTokens.Check check = tokens.verify(token);
        if (check.refusal() == FeedbackTokens.Refusal.EXPIRED) {
            GatewayException failure = failed(address, "token-expired");
            if (failure instanceof Unauthorized) {
                throw new GatewayException(
                        HttpStatus.UNAUTHORIZED,
                        "The feedback token expired at " + check.expiredAt()
                                + "; ask the page's backend for a new one.");
            }
            throw failure;
        }
        if (!check.isValid()) {
            throw failed(address, "token-invalid");
        }
        if (!(handler instanceof HandlerMethod method) || !method.hasMethodAnnotation(AcceptsFeedbackTokens.class)) {
            refused("token-wrong-route");
            throw new GatewayException(
                    HttpStatus.FORBIDDEN,
                    "A feedback token only sends feedback (POST /api/v2/rate/{feedback_type_id}/{completion_id} and"
                            + " POST /v1/feedback); this route needs an API key.");
        }
        FeedbackTokenAuthority.callerOf(check.grant()).attachTo(request);
    }

    /** A 401, or a 429 once the address has used up its failures. */
    private GatewayException failed(String address, String reason) {
        throttle.failed(address);
        Optional<Duration> wait = throttle.waitFor(address);
        if (wait.isPresent()) {
            return throttled(wait.get());
        }
        refused(reason);
        return new Unauthorized();
    }

    private GatewayException throttled(Duration wait) {
        refused("throttled");
        return new GatewayException(
                HttpStatus.TOO_MANY_REQUESTS, "Too many failed authentications from this address; retry later.", wait);
    }

    private void refused(String reason) {
        meters.counter("feedback.auth.refused", "reason", reason).increment();
    }
}
