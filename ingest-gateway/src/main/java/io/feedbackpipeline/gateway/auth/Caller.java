package io.feedbackpipeline.gateway.auth;

import io.feedbackpipeline.catalog.ApiKeyScope;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * The authenticated project behind a request, which of its keys was used, what that key may do and until when.
 *
 * @param expiresAt when the key stops working by itself; null for never
 */
public record Caller(UUID projectId, UUID apiKeyId, String keyPrefix, Set<ApiKeyScope> scopes, Instant expiresAt) {

    public Caller {
        scopes = Set.copyOf(scopes);
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
