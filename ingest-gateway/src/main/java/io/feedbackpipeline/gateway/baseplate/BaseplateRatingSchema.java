package io.feedbackpipeline.gateway.baseplate;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Baseplate's rating body as our OpenAPI document states it; the body is parsed by {@link BaseplateRatingRequest}.
 */
@Schema(
        name = "BaseplateRating",
        description = "Either logs, or usage_id with positive_rating; an explicit null is"
                + " absent, and fields Baseplate does not define are ignored")
record BaseplateRatingSchema(
        @ArraySchema(schema = @Schema(implementation = Entry.class))
        List<Entry> logs,

        @Schema(name = "usage_id", description = "the log's id (Baseplate's choices[].usage_id)")
        String usageId,

        @Schema(name = "positive_rating") Boolean positiveRating) {

    @Schema(
            name = "BaseplateRatingEntry",
            requiredProperties = {"usage_id", "positive_rating"})
    record Entry(
            @Schema(name = "usage_id") String usageId,
            @Schema(name = "positive_rating") Boolean positiveRating) {}
}
