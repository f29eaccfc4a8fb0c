package io.feedbackpipeline.projection;

import io.feedbackpipeline.projection.intake.Rejected;
import io.feedbackpipeline.projection.store.ProjectionWriter.Written;
import java.time.Instant;
import java.util.List;

/**
 * What projecting a run of records did: its records and feedback items, the rows that changed, the records that
 * could not be projected (to be dead-lettered, or skipped by a replay), and the receive times of what was projected.
 */
public record RunOutcome(
        int records, int items, Written written, List<Rejected> rejected, List<Instant> receivedAt, int transactions) {}
