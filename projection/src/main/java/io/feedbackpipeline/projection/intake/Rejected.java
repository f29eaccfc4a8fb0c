package io.feedbackpipeline.projection.intake;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A record that goes to its topic's dead-letter twin, and why. */
public record Rejected(ConsumerRecord<byte[], byte[]> record, Rejection rejection) {}
