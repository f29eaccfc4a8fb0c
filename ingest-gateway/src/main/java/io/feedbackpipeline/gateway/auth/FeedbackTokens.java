package io.feedbackpipeline.gateway.auth;

import io.feedbackpipeline.catalog.FeedbackTokenShape;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs and verifies feedback tokens: {@code fbt_<key id>.<claims>.<signature>}, where the claims are the
 * {@link FeedbackGrant} as JSON and the signature an HMAC-SHA256 of everything before it, under the key the id names.
 * Verifying is a length check, a shape check and one HMAC: no database, no parsing of anything unsigned. Claims are
 * only read once the signature holds, so the JSON parser never sees a stranger's bytes.
 */
final class FeedbackTokens {

    /** Why a token was refused; the answer a client sees says no more than "invalid" or "expired". */
    enum Refusal {
        MALFORMED,
        UNKNOWN_KEY,
        BAD_SIGNATURE,
        EXPIRED
    }

    /** A verified grant, or why there is none. */
    record Check(FeedbackGrant grant, Refusal refusal, Instant expiredAt) {
        static Check valid(FeedbackGrant grant) {
            return new Check(grant, null, null);
        }

        static Check refused(Refusal refusal) {
            return new Check(null, refusal, null);
        }

        boolean isValid() {
            return grant != null;
        }
    }

    private static final Pattern SHAPE =
            Pattern.compile("fbt_([a-z0-9-]{1,32})\\.([A-Za-z0-9_-]{16,})\\.([A-Za-z0-9_-]{"
                    + FeedbackTokenShape.SIGNATURE_LENGTH + "})");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final TokenSigningKeys keys;
    private final JsonMapper json = JsonMapper.builder().build();
    private final SecureRandom random = new SecureRandom();

    FeedbackTokens(TokenSigningKeys keys) {
        this.keys = keys;
    }

    /** A new token id: 96 random bits, URL-safe. */
    String newTokenId() {
        byte[] id = new byte[12];
        random.nextBytes(id);
        return ENCODER.encodeToString(id);
    }

    String sign(FeedbackGrant grant) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("v", 1);
        claims.put("id", grant.tokenId());
        claims.put("p", grant.projectId().toString());
        claims.put("k", grant.issuedBy().toString());
        claims.put("u", grant.usageId());
        if (!grant.feedbackTypeIds().isEmpty()) {
            claims.put("t", new TreeSet<>(grant.feedbackTypeIds()));
        }
        if (grant.endUserId() != null) {
            claims.put("e", grant.endUserId());
        }
        claims.put("iat", grant.issuedAt().getEpochSecond());
        claims.put("exp", grant.expiresAt().getEpochSecond());
        String signed = FeedbackTokenShape.PREFIX + keys.signingKeyId() + "."
                + ENCODER.encodeToString(json.writeValueAsBytes(claims));
        return signed + "." + ENCODER.encodeToString(keys.sign(signed));
    }

    Check verify(String token, Instant now) {
        if (token.length() > FeedbackTokenShape.MAX_LENGTH) {
            return Check.refused(Refusal.MALFORMED);
        }
        var parts = SHAPE.matcher(token);
        if (!parts.matches()) {
            return Check.refused(Refusal.MALFORMED);
        }
        String keyId = parts.group(1);
        if (!keys.knows(keyId)) {
            return Check.refused(Refusal.UNKNOWN_KEY);
        }
        String signed = token.substring(0, parts.end(2));
        byte[] signature;
        byte[] claims;
        try {
            signature = DECODER.decode(parts.group(3));
            claims = DECODER.decode(parts.group(2));
        } catch (IllegalArgumentException e) {
            return Check.refused(Refusal.MALFORMED);
        }
        if (!ENCODER.encodeToString(signature).equals(parts.group(3))) {
            return Check.refused(Refusal.MALFORMED); // one signature, one spelling: no unused bits set
        }
        if (!keys.verifies(keyId, signed, signature)) {
            return Check.refused(Refusal.BAD_SIGNATURE);
        }
        Optional<FeedbackGrant> grant = claims(claims);
        if (grant.isEmpty()) {
            return Check.refused(Refusal.MALFORMED); // signed by us, so only a bug gets here
        }
        if (!grant.get().expiresAt().isAfter(now)) {
            return new Check(null, Refusal.EXPIRED, grant.get().expiresAt());
        }
        return Check.valid(grant.get());
    }

    private Optional<FeedbackGrant> claims(byte[] bytes) {
        try {
            JsonNode claims = json.readTree(new String(bytes, StandardCharsets.UTF_8));
            TreeSet<Integer> types = new TreeSet<>();
            if (claims.has("t")) {
                claims.get("t").forEach(type -> types.add(type.asInt()));
            }
            return Optional.of(new FeedbackGrant(
                    claims.get("id").asString(),
                    UUID.fromString(claims.get("p").asString()),
                    UUID.fromString(claims.get("k").asString()),
                    claims.get("u").asString(),
                    types,
                    claims.has("e") ? claims.get("e").asString() : null,
                    Instant.ofEpochSecond(claims.get("iat").asLong()),
                    Instant.ofEpochSecond(claims.get("exp").asLong())));
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
