package io.feedbackpipeline.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * An API key as a client holds it: {@code fpk_}, 43 URL-safe base64 characters (256 random bits), then 6 base62
 * characters of a CRC-32 of everything before them. The checksum lets anyone (the gateway first) tell a random or
 * mistyped key from a real one without a lookup, as large API providers' keys do; it is no secret and adds no
 * security. Keys issued before checksums ({@code fpk_} and the 43 characters alone) stay valid ({@link #isLegacy}).
 * Only a key's SHA-256 and its first {@value #PREFIX_LENGTH} characters are ever stored.
 */
public record ApiKeySecret(String value) {

    public static final int PREFIX_LENGTH = 12;
    private static final String SCHEME = "fpk_";
    /** 256 random bits in URL-safe Base64 without padding: any of its 64 characters, '-' and '_' included. */
    private static final String RANDOM = "[A-Za-z0-9_-]{43}";

    private static final String CHECKSUM = "[A-Za-z0-9]{6}";
    private static final int RANDOM_LENGTH = SCHEME.length() + 43;
    private static final int CHECKSUM_LENGTH = 6;
    private static final Pattern CHECKSUMMED = Pattern.compile(SCHEME + RANDOM + CHECKSUM);
    private static final Pattern LEGACY = Pattern.compile(SCHEME + RANDOM);

    /**
     * A key, checksummed or not, wherever it stands in a text (a log line, say): the one definition of a key's shape
     * that the log checks use, so a key cannot pass them because of the characters it happens to hold.
     */
    public static final Pattern IN_TEXT =
            Pattern.compile("(?<![A-Za-z0-9_-])" + SCHEME + RANDOM + "(?:" + CHECKSUM + ")?(?![A-Za-z0-9_-])");

    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public ApiKeySecret {
        if (!isWellFormed(value)) {
            throw new IllegalArgumentException("not a feedback-pipeline API key");
        }
    }

    public static ApiKeySecret generate(SecureRandom random) {
        byte[] bits = new byte[32];
        random.nextBytes(bits);
        String body = SCHEME + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        return new ApiKeySecret(body + checksum(body));
    }

    /**
     * True when {@code candidate} has the shape of a key and, if it carries a checksum, the checksum matches; says
     * nothing about whether the key exists.
     */
    public static boolean isWellFormed(String candidate) {
        if (candidate == null) {
            return false;
        }
        if (CHECKSUMMED.matcher(candidate).matches()) {
            return candidate.endsWith(checksum(candidate.substring(0, RANDOM_LENGTH)));
        }
        return LEGACY.matcher(candidate).matches();
    }

    /** Issued before keys carried a checksum: only a lookup can tell whether such a key exists. */
    public boolean isLegacy() {
        return value.length() == RANDOM_LENGTH;
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

    private static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long remaining = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int index = CHECKSUM_LENGTH - 1; index >= 0; index--) {
            digits[index] = BASE62.charAt((int) (remaining % 62));
            remaining /= 62;
        }
        return new String(digits);
    }
}
