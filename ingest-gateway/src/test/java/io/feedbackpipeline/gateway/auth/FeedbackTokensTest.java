package io.feedbackpipeline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedbackpipeline.catalog.FeedbackTokenShape;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Feedback tokens are checked by their signature alone; every way of forging or stretching one is refused. */
class FeedbackTokensTest {

    private static final String SECRET_A = "a".repeat(16) + "-first-signing-secret";
    private static final String SECRET_B = "b".repeat(16) + "-second-signing-secret";
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private final FeedbackTokens tokens = new FeedbackTokens(TokenSigningKeys.from(Map.of("k1", SECRET_A), ""));

    @Test
    @DisplayName("a token verifies to exactly the grant it was signed with")
    void roundTrip() {
        FeedbackGrant grant = grant(tokens, "usage-1", Set.of(1, 7), "user-42", NOW.plus(Duration.ofHours(1)));

        String token = tokens.sign(grant);

        assertThat(token).startsWith("fbt_k1.").matches(FeedbackTokenShape.IN_TEXT);
        assertThat(tokens.verify(token, NOW).grant()).isEqualTo(grant);
    }

    @Test
    @DisplayName("changing any claim, or the signature, by one character makes it invalid")
    void tamperedTokensAreRefused() {
        String token = tokens.sign(grant(tokens, "usage-1", Set.of(), null, NOW.plusSeconds(60)));
        int claimsStart = token.indexOf('.') + 1;
        int signatureStart = token.lastIndexOf('.') + 1;

        for (int at : new int[] {
            claimsStart, claimsStart + 10, signatureStart - 2, signatureStart, token.length() - 2, token.length() - 1
        }) {
            char replaced = token.charAt(at) == 'A' ? 'B' : 'A';
            String tampered = token.substring(0, at) + replaced + token.substring(at + 1);
            assertThat(tokens.verify(tampered, NOW).refusal())
                    .as("changed at %d", at)
                    .isIn(FeedbackTokens.Refusal.BAD_SIGNATURE, FeedbackTokens.Refusal.MALFORMED);
        }
    }

    @Test
    @DisplayName("claims re-encoded for another usage_id, with the original signature, are refused")
    void claimsForAnotherUsageAreRefused() {
        String token = tokens.sign(grant(tokens, "usage-1", Set.of(), null, NOW.plusSeconds(60)));
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims.replace("usage-1", "usage-2").getBytes(StandardCharsets.UTF_8));

        assertThat(tokens.verify(parts[0] + "." + forged + "." + parts[2], NOW).refusal())
                .isEqualTo(FeedbackTokens.Refusal.BAD_SIGNATURE);
    }

    @Test
    @DisplayName("a token is refused from its expiry on, and says when it expired")
    void expiry() {
        Instant expiry = NOW.plusSeconds(60);
        String token = tokens.sign(grant(tokens, "usage-1", Set.of(), null, expiry));

        assertThat(tokens.verify(token, expiry.minusSeconds(1)).isValid()).isTrue();
        FeedbackTokens.Check expired = tokens.verify(token, expiry);
        assertThat(expired.refusal()).isEqualTo(FeedbackTokens.Refusal.EXPIRED);
        assertThat(expired.expiredAt()).isEqualTo(expiry);
    }

    @Test
    @DisplayName("a token signed under another secret, or a key id nobody configured, is refused")
    void otherKeys() {
        FeedbackTokens elsewhere = new FeedbackTokens(TokenSigningKeys.from(Map.of("k1", SECRET_B), ""));
        FeedbackTokens unknownId = new FeedbackTokens(TokenSigningKeys.from(Map.of("k9", SECRET_A), ""));

        assertThat(tokens.verify(elsewhere.sign(grant(elsewhere, "u", Set.of(), null, NOW.plusSeconds(60))), NOW)
                        .refusal())
                .isEqualTo(FeedbackTokens.Refusal.BAD_SIGNATURE);
        assertThat(tokens.verify(unknownId.sign(grant(unknownId, "u", Set.of(), null, NOW.plusSeconds(60))), NOW)
                        .refusal())
                .isEqualTo(FeedbackTokens.Refusal.UNKNOWN_KEY);
    }

    @Test
    @DisplayName("rotation: tokens of the old key keep working while it is configured; new ones use the new key")
    void rotation() {
        String old = tokens.sign(grant(tokens, "u", Set.of(), null, NOW.plusSeconds(600)));
        FeedbackTokens rotated =
                new FeedbackTokens(TokenSigningKeys.from(Map.of("k1", SECRET_A, "k2", SECRET_B), "k2"));

        assertThat(rotated.verify(old, NOW).isValid()).isTrue();
        assertThat(rotated.sign(grant(rotated, "u", Set.of(), null, NOW.plusSeconds(60))))
                .startsWith("fbt_k2.");
    }

    @Test
    @DisplayName("garbage of every shape is malformed, and nothing over the length limit is looked at")
    void garbage() {
        for (String garbage : new String[] {
            "fbt_",
            "fbt_k1",
            "fbt_k1..",
            "fbt_K1.abcdefghijklmnopq." + "a".repeat(43),
            "fbt_k1.!!!!.x",
            "fbt_k1." + "a".repeat(FeedbackTokenShape.MAX_LENGTH) + "." + "a".repeat(43)
        }) {
            assertThat(tokens.verify(garbage, NOW).refusal()).as(garbage).isEqualTo(FeedbackTokens.Refusal.MALFORMED);
        }
    }

    @Test
    @DisplayName("a secret shorter than 32 characters, or a signing key that names no secret, stops start-up")
    void weakConfigurationIsRefused() {
        assertThatThrownBy(() -> TokenSigningKeys.from(Map.of("k1", "short"), ""))
                .hasMessageContaining("at least 32 characters");
        assertThatThrownBy(() -> TokenSigningKeys.from(Map.of("k1", SECRET_A, "k2", SECRET_B), ""))
                .hasMessageContaining("signing-key");
        assertThatThrownBy(() -> TokenSigningKeys.from(Map.of("k1", SECRET_A), "k3"))
                .hasMessageContaining("signing-key");
    }

    private static FeedbackGrant grant(
            FeedbackTokens tokens, String usageId, Set<Integer> types, String endUser, Instant expiresAt) {
        return new FeedbackGrant(
                tokens.newTokenId(), UUID.randomUUID(), UUID.randomUUID(), usageId, types, endUser, NOW, expiresAt);
    }
}
