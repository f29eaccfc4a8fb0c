package io.feedbackpipeline.merge;

import java.time.Instant;
import java.util.UUID;

/**
 * One validated feedback item, ready to be merged into its register.
 *
 * @param displayValue the JSON of the value the type displays (flag, value or comment)
 * @param endUserId who the product says gave it (a feedback token's claim); null when unknown
 */
public record FeedbackWrite(
        RegisterKey key,
        Version version,
        Origin origin,
        Boolean flag,
        Double value,
        String comment,
        String tag,
        String displayValue,
        UUID endpointId,
        String endUserId,
        Instant receivedAt) {

    /**
     * True when this write replaces {@code stored}: only a strictly greater version does. An equal version is the
     * same item delivered again (retry, redelivery, replay) and changes nothing, not even the stored origin.
     */
    public boolean supersedes(FeedbackWrite stored) {
        return version.compareTo(stored.version) > 0;
    }
}
