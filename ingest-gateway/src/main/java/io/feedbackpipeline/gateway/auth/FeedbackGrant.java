package io.feedbackpipeline.gateway.auth;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * What a feedback token lets a browser do: rate one completion of one project, with the listed feedback types (all
 * the project sees when empty), until it expires. Its claims, signed by the gateway (docs/security.md).
 *
 * @param tokenId random, names the token in rate limits and logs without being a secret
 * @param issuedBy the API key that asked for the token
 * @param endUserId who the product says the user is, recorded with the feedback; null when not given
 */
public record FeedbackGrant(
        String tokenId,
        UUID projectId,
        UUID issuedBy,
        String usageId,
        Set<Integer> feedbackTypeIds,
        String endUserId,
        Instant issuedAt,
        Instant expiresAt) {

    public FeedbackGrant {
        feedbackTypeIds = Set.copyOf(feedbackTypeIds);
    }

    public boolean allowsType(int feedbackTypeId) {
        return feedbackTypeIds.isEmpty() || feedbackTypeIds.contains(feedbackTypeId);
    }
}
