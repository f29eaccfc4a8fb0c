package io.feedbackpipeline.gateway.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The answer to an analytics question: what was asked, where it came from, and a group per bucket and dimensions. */
record AnalyticsAnswer(
        @JsonProperty("from") String from,
        @JsonProperty("to") String to,
        @JsonProperty("bucket") String bucket,
        @JsonProperty("time_zone") String timeZone,
        @JsonProperty("time_basis") String timeBasis,
        @JsonProperty("group_by") List<String> groupBy,
        @JsonProperty("source") String source,
        @JsonProperty("groups") List<Group> groups) {

    /** One bucket and combination of the grouped dimensions, of one feedback type. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Group(
            @JsonProperty("bucket") String bucket,
            @JsonProperty("endpoint_id") String endpointId,
            @JsonProperty("model") String model,
            @JsonProperty("template_id") String templateId,
            @JsonProperty("tag") String tag,
            @JsonProperty("feedback_type_id") int feedbackTypeId,
            @JsonProperty("feedback_type") String feedbackType,
            @JsonProperty("kind") String kind,
            @JsonProperty("stats") Stats stats) {}

    /** The statistics of a group; the fields of the other kinds are left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Stats(
            @JsonProperty("count") long count,
            @JsonProperty("positive") Long positive,
            @JsonProperty("negative") Long negative,
            @JsonProperty("positive_ratio") Double positiveRatio,
            @JsonProperty("ratio_low") Double ratioLow,
            @JsonProperty("ratio_high") Double ratioHigh,
            @JsonProperty("mean") Double mean,
            @JsonProperty("min") Double min,
            @JsonProperty("max") Double max,
            @JsonProperty("distribution") List<Range> distribution,
            @JsonProperty("top_tags") List<TagCount> topTags) {}

    /** A distribution bucket: values from {@code from} up to {@code to} (both included when equal). */
    record Range(
            @JsonProperty("from") double from,
            @JsonProperty("to") double to,
            @JsonProperty("count") long count) {}

    record TagCount(
            @JsonProperty("tag") String tag,
            @JsonProperty("count") long count) {}
}
