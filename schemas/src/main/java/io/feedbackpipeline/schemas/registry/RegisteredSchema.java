package io.feedbackpipeline.schemas.registry;

import org.apache.avro.Schema;

/** One version of one subject, as a Confluent-compatible registry describes it. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {}
