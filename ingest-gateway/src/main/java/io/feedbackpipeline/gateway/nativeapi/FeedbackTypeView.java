package io.feedbackpipeline.gateway.nativeapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.feedbackpipeline.catalog.FeedbackType;

/** A feedback type as the native API shows it. */
record FeedbackTypeView(
        @JsonProperty("id") int id,
        @JsonProperty("name") String name,
        @JsonProperty("kind") String kind,
        @JsonProperty("min_value") Double minValue,
        @JsonProperty("max_value") Double maxValue,
        @JsonProperty("built_in") boolean builtIn) {

    static FeedbackTypeView of(FeedbackType type) {
        return new FeedbackTypeView(
                type.id(), type.name(), type.kind().name(), type.minValue(), type.maxValue(), type.projectId() == null);
    }
}
