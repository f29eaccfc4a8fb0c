package io.feedbackpipeline.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * An API key as a client holds it: {@code fpk_} followed by 43 URL-safe base64 characters (256 random bits).
 * Only its SHA-256 and its first {@value #PREFIX_LENGTH} characters are ever stored.
 */
public record ApiKeySecret(String value) {

    public static final int PREFIX_LENGTH = 12;
    private static final String SCHEME = "fpk_";
    private static final Pattern FORMAT = Pattern.compile("fpk_[A-Za-z0-9_-]{43}");

    public ApiKeySecret {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a feedback-pipeline API key");
        }
    }

    public static ApiKeySecret generate(SecureRandom random) {
        byte[] bits = new byte[32];
        random.nextBytes(bits);
        return new ApiKeySecret(SCHEME + Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
    }

    /** True when {@code candidate} has the shape of a key; says nothing about whether the key exists. */
    public static boolean isWellFormed(String candidate) {
        return candidate != null && FORMAT.matcher(candidate).matches();
    }

    public String prefix() {
        return value.substring(0, PREFIX_LENGTH);
    }

    public byte[] sha256() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }

    /** Never print the secret by accident. */
    @Override
    public String toString() {
        return prefix() + "…";
    }
}
