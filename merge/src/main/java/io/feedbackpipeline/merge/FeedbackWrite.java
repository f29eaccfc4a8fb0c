package io.feedbackpipeline.merge;

import java.time.Instant;
import java.util.UUID;

/**
 * One validated feedback item, ready to be merged into its register.
 *
 * @param displayValue the JSON of the value the type displays (flag, value or comment)
 */
public record FeedbackWrite(RegisterKey key, Version version, Origin origin, Boolean flag, Double value,
        String comment, String tag, String displayValue, UUID endpointId, Instant receivedAt) {

    /** True when this write replaces {@code stored}: a greater version, or the same one from a lower origin. */
    public boolean supersedes(FeedbackWrite stored) {
        int byVersion = version.compareTo(stored.version);
        return byVersion > 0 || (byVersion == 0 && origin.compareTo(stored.origin) < 0);
    }
}
