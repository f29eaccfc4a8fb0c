package io.feedbackpipeline.gateway.completionlog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * A completion log in exactly Baseplate's shape (its field names, order and timestamp format; absent values as
 * {@code null}), and, on the native read route only, every feedback register on it.
 */
@JsonPropertyOrder({
    "user_id",
    "project_id",
    "timestamp",
    "openai_name",
    "cost",
    "prompt",
    "completion",
    "id",
    "date",
    "rating",
    "temp",
    "completions",
    "managed",
    "positive_rating",
    "template_id",
    "values",
    "feedback"
})
public record CompletionLogView(
        @JsonProperty("user_id") String userId,
        @JsonProperty("project_id") String projectId,
        @JsonProperty("timestamp") String timestamp,
        @JsonProperty("openai_name") String openaiName,
        @JsonProperty("cost") Double cost,
        @JsonProperty("prompt") String prompt,
        @JsonProperty("completion") String completion,
        @JsonProperty("id") String id,
        @JsonProperty("date") String date,
        @JsonProperty("rating") Integer rating,
        @JsonProperty("temp") Double temp,
        @JsonProperty("completions") Object completions,
        @JsonProperty("managed") Boolean managed,
        @JsonProperty("positive_rating") Boolean positiveRating,
        @JsonProperty("template_id") String templateId,
        @JsonProperty("values") Map<String, Object> values,

        @JsonProperty("feedback") @JsonInclude(JsonInclude.Include.NON_NULL)
        List<FeedbackView> feedback) {

    /** The same log with its feedback registers. */
    public CompletionLogView withFeedback(List<FeedbackView> registers) {
        return new CompletionLogView(
                userId,
                projectId,
                timestamp,
                openaiName,
                cost,
                prompt,
                completion,
                id,
                date,
                rating,
                temp,
                completions,
                managed,
                positiveRating,
                templateId,
                values,
                List.copyOf(registers));
    }

    /**
     * What a key that may not read logs is shown of the log it rated: whose log it is and what it wrote, every other
     * field null, exactly as for a log the pipeline has not seen.
     */
    public CompletionLogView ratingOnly() {
        return new CompletionLogView(
                null,
                projectId,
                null,
                null,
                null,
                null,
                null,
                id,
                null,
                rating,
                null,
                null,
                null,
                positiveRating,
                null,
                null,
                null);
    }

    /** One feedback register of a log: its type and the winning item's values and version. */
    @JsonPropertyOrder({
        "feedback_type_id",
        "name",
        "kind",
        "flag",
        "value",
        "comment",
        "tag",
        "display_value",
        "occurred_at",
        "event_id"
    })
    public record FeedbackView(
            @JsonProperty("feedback_type_id") int feedbackTypeId,
            @JsonProperty("name") String name,
            @JsonProperty("kind") String kind,
            @JsonProperty("flag") Boolean flag,
            @JsonProperty("value") Double value,
            @JsonProperty("comment") String comment,
            @JsonProperty("tag") String tag,
            @JsonProperty("display_value") Object displayValue,
            @JsonProperty("occurred_at") String occurredAt,
            @JsonProperty("event_id") String eventId) {}
}
