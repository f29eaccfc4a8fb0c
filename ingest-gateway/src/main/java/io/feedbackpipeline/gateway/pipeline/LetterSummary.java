package io.feedbackpipeline.gateway.pipeline;

import io.feedbackpipeline.schemas.contract.DeadLetter;
import java.time.Instant;

/**
 * What the console lists of a dead letter: where it lies and why it is there. Its value is not kept (it may be
 * megabytes); a re-drive reads the record again from its topic by id.
 */
record LetterSummary(String id, String sourceTopic, Instant failedAt, String reason, String detail, String origin) {

    static LetterSummary of(DeadLetter letter) {
        return new LetterSummary(
                letter.id(),
                letter.originalTopic(),
                letter.failedAt(),
                letter.reason(),
                letter.detail(),
                letter.origin());
    }
}
