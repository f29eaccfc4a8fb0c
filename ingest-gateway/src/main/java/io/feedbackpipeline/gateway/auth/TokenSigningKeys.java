package io.feedbackpipeline.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC-SHA256 keys feedback tokens are signed with, by key id. A key is derived from its configured secret
 * (HMAC of the key id under the secret), so the secret itself never signs anything and the same secret configured
 * under two ids gives two keys. Verifying needs no database: every gateway derives the same keys from the same
 * configuration.
 */
final class TokenSigningKeys {

    static final int MIN_SECRET_LENGTH = 32;
    private static final Pattern KEY_ID = Pattern.compile("[a-z0-9-]{1,32}");
    static final String ALGORITHM = "HmacSHA256";

    private final Map<String, byte[]> keys;
    private final String signingKeyId;

    private TokenSigningKeys(Map<String, byte[]> keys, String signingKeyId) {
        this.keys = Map.copyOf(keys);
        this.signingKeyId = signingKeyId;
    }

    /**
     * The keys of the configured secrets; with none configured, one random key for this process only.
     *
     * @throws IllegalStateException naming the setting that is wrong, so the gateway does not start with it
     */
    static TokenSigningKeys from(Map<String, String> secrets, String signingKeyId) {
        if (secrets.isEmpty()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new TokenSigningKeys(Map.of("local", random), "local");
        }
        Map<String, byte[]> keys = new HashMap<>();
        secrets.forEach((id, secret) -> {
            String kid = id.toLowerCase(Locale.ROOT);
            if (!KEY_ID.matcher(kid).matches()) {
                throw new IllegalStateException("pipeline.gateway.feedback-tokens.secrets: key id '" + id
                        + "' must be 1 to 32 of a-z, 0-9 and '-'");
            }
            if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
                throw new IllegalStateException("pipeline.gateway.feedback-tokens.secrets." + kid + " must be at least "
                        + MIN_SECRET_LENGTH + " characters (e.g. openssl rand -base64 33)");
            }
            keys.put(kid, hmac(secret.getBytes(StandardCharsets.UTF_8), kid.getBytes(StandardCharsets.UTF_8)));
        });
        String signing = signingKeyId.isBlank() && keys.size() == 1
                ? keys.keySet().iterator().next()
                : signingKeyId.toLowerCase(Locale.ROOT);
        if (!keys.containsKey(signing)) {
            throw new IllegalStateException("pipeline.gateway.feedback-tokens.signing-key must name one of the secrets "
                    + keys.keySet() + "; it is '" + signingKeyId + "'");
        }
        return new TokenSigningKeys(keys, signing);
    }

    boolean isEphemeral() {
        return keys.size() == 1 && keys.containsKey("local") && signingKeyId.equals("local");
    }

    String signingKeyId() {
        return signingKeyId;
    }

    byte[] sign(String signed) {
        return hmac(keys.get(signingKeyId), signed.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether {@code signature} is the signature of {@code signed} under key {@code keyId}, in constant time. */
    boolean verifies(String keyId, String signed, byte[] signature) {
        byte[] key = keys.get(keyId);
        return key != null && MessageDigest.isEqual(hmac(key, signed.getBytes(StandardCharsets.US_ASCII)), signature);
    }

    boolean knows(String keyId) {
        return keys.containsKey(keyId);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "TokenSigningKeys" + keys.keySet() + ", signing with " + signingKeyId;
    }
}
