package io.feedbackpipeline.gateway.auth;

import io.feedbackpipeline.catalog.ApiKeyScope;
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

    public boolean may(ApiKeyScope scope) {
        return scopes.contains(scope);
    }

    boolean expiredAt(Instant now) {
        return expiresAt != null && !expiresAt.isAfter(now);
    }
}
