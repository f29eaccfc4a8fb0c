package io.feedbackpipeline.catalog;

import java.util.regex.Pattern;

/**
 * What a feedback token looks like: {@code fbt_<key id>.<claims>.<signature>}, claims and signature in URL-safe
 * Base64 without padding. The gateway signs and verifies them; the log check looks for this shape, since a token in
 * a log lets whoever reads it rate that completion until the token expires.
 */
public final class FeedbackTokenShape {

    public static final String PREFIX = "fbt_";

    /** An HMAC-SHA256 is 32 bytes: 43 characters. */
    public static final int SIGNATURE_LENGTH = 43;

    /** Longer is refused before anything else is done with it. */
    public static final int MAX_LENGTH = 2_048;

    /** A whole token inside other text. */
    public static final Pattern IN_TEXT = Pattern.compile(
            "fbt_[a-z0-9-]{1,32}\\.[A-Za-z0-9_-]{16,}\\.[A-Za-z0-9_-]{" + SIGNATURE_LENGTH + "}(?![A-Za-z0-9_-])");

    private FeedbackTokenShape() {}
}
