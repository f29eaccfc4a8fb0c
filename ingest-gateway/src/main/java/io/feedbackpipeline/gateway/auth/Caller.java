package io.feedbackpipeline.gateway.auth;

import io.feedbackpipeline.catalog.ApiKeyScope;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * The authenticated project behind a request, which of its keys was used, what that key may do and until when.
 *
 * @param apiKeyId the key; for a feedback token, an id of the token (so per-key limits and Idempotency-Keys are
 *     per token, never shared with the backend that asked for it)
 * @param expiresAt when the key stops working by itself; null for never
 * @param grant what a feedback token allows; null for an API key
 */
public record Caller(
        UUID projectId,
        UUID apiKeyId,
        String keyPrefix,
        Set<ApiKeyScope> scopes,
        Instant expiresAt,
        FeedbackGrant grant) {

    public Caller {
        scopes = Set.copyOf(scopes);
    }

    /** A caller authenticated by an API key. */
    public Caller(UUID projectId, UUID apiKeyId, String keyPrefix, Set<ApiKeyScope> scopes, Instant expiresAt) {
        this(projectId, apiKeyId, keyPrefix, scopes, expiresAt, null);
    }

    /** Whether a feedback token (from a browser), not an API key, authenticated the request. */
    public boolean isFeedbackToken() {
        return grant != null;
    }

    private static final String ATTRIBUTE = Caller.class.getName();

    /** The authenticated caller of a request; 401 when authentication has not attached one. */
    public static Caller of(HttpServletRequest request) {
        Object caller = request.getAttribute(ATTRIBUTE);
        if (caller == null) {
            throw new Unauthorized();
        }
        return (Caller) caller;
    }

    void attachTo(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    public boolean may(ApiKeyScope scope) {
        return scopes.contains(scope);
    }

    boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
