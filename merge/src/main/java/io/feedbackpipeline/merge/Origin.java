package io.feedbackpipeline.merge;

/**
 * Where a record was read, stored as provenance of a register's item. With duplicates (a producer retry, a
 * re-publish) it names the copy that was applied first; it is not part of an item's identity.
 */
public record Origin(String topic, int partition, long offset) {}
