package io.feedbackpipeline.projection.intake;

import io.feedbackpipeline.merge.FeedbackWrite;
import io.feedbackpipeline.merge.LogWrite;
import java.time.Instant;
import java.util.List;

/**
 * A run of records, taken apart: one write per valid feedback item and per valid completion log, the records that
 * cannot be projected, and the receive times of the admitted batches (for visibility latency).
 */
public record Admitted(
        List<FeedbackWrite> feedback,
        List<LogWrite> logs,
        List<Rejected> rejected,
        List<Instant> receivedAt,
        int items) {}
