package io.feedbackpipeline.gateway.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How far the processor's committed position is behind the end of one partition. */
public record PartitionLag(
        @JsonProperty("topic") String topic,
        @JsonProperty("partition") int partition,
        @JsonProperty("end_offset") long endOffset,
        @JsonProperty("committed_offset") Long committedOffset,
        @JsonProperty("lag") long lag) {}
