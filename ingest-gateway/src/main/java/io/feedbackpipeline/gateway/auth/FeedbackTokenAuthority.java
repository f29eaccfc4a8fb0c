package io.feedbackpipeline.gateway.auth;

import io.feedbackpipeline.catalog.ApiKeyScope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Issues feedback tokens to a backend's API key and turns a presented one back into a {@link Caller} that may only
 * send feedback on the grant's usage_id. See docs/security.md for the design and its threat model.
 */
@Component
public class FeedbackTokenAuthority {

    private static final Logger log = LoggerFactory.getLogger(FeedbackTokenAuthority.class);

    /** A token and what it grants. */
    public record IssuedToken(String token, FeedbackGrant grant) {
        @Override
        public String toString() {
            return "IssuedToken[" + grant.tokenId() + "]"; // never the token itself
        }
    }

    private final FeedbackTokens tokens;
    private final FeedbackTokenProperties properties;
    private final Clock clock;

    FeedbackTokenAuthority(FeedbackTokenProperties properties, Clock clock) {
        TokenSigningKeys keys = TokenSigningKeys.from(properties.secrets(), properties.signingKey());
        if (keys.isEphemeral()) {
            log.warn("No feedback-token secret is configured (PIPELINE_GATEWAY_FEEDBACKTOKENS_SECRETS_<KID>): tokens"
                    + " are signed with a key made up at start-up, so they stop working when this gateway restarts"
                    + " and no other gateway accepts them. Fine on a laptop; configure one elsewhere.");
        } else {
            log.info("Feedback tokens: {}", keys);
        }
        this.tokens = new FeedbackTokens(keys);
        this.properties = properties;
        this.clock = clock;
    }

    public Duration defaultLifetime() {
        return properties.defaultLifetime();
    }

    public Duration maxLifetime() {
        return properties.maxLifetime();
    }

    /**
     * A token for the issuer's project, bound to one usage_id.
     *
     * @param lifetime between 1 s and {@link #maxLifetime()}; the caller checks it and answers the client
     */
    public IssuedToken issue(
            Caller issuer, String usageId, Set<Integer> feedbackTypeIds, String endUserId, Duration lifetime) {
        if (issuer.isFeedbackToken()) {
            throw new IllegalArgumentException("a feedback token may not issue tokens");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        FeedbackGrant grant = new FeedbackGrant(
                tokens.newTokenId(),
                issuer.projectId(),
                issuer.apiKeyId(),
                usageId,
                feedbackTypeIds,
                endUserId,
                now,
                now.plus(lifetime));
        return new IssuedToken(tokens.sign(grant), grant);
    }

    FeedbackTokens.Check verify(String token) {
        return tokens.verify(token, clock.instant());
    }

    /**
     * The caller a valid token stands for: it may ingest (the routes that take tokens check the grant), and per-key
     * limits and Idempotency-Keys count it apart from the key that issued it.
     */
    static Caller callerOf(FeedbackGrant grant) {
        UUID perToken = UUID.nameUUIDFromBytes(("feedback-token:" + grant.tokenId()).getBytes(StandardCharsets.UTF_8));
        return new Caller(
                grant.projectId(),
                perToken,
                "fbt_" + grant.tokenId(),
                Set.of(ApiKeyScope.INGEST),
                grant.expiresAt(),
                grant);
    }
}
