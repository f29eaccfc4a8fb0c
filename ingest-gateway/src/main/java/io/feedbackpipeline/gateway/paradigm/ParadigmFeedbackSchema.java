package io.feedbackpipeline.gateway.paradigm;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Paradigm's {@code Feedback} body as its OpenAPI document states it, for our document only: the body is parsed by
 * {@link ParadigmFeedbackForm}, the same in all three encodings.
 */
@Schema(name = "Feedback", requiredProperties = "display_value")
record ParadigmFeedbackSchema(
        @Schema(type = "number", format = "double", nullable = true)
        Double value,

        @Schema(type = "boolean", nullable = true, description = "Field used in case of boolean type")
        Boolean flag,

        @Schema(type = "string", nullable = true) String comment,

        @Schema(
                type = "string",
                nullable = true,
                maxLength = 120,
                description = "at most 120 characters, counted as Unicode code points")
        String tag,

        @Schema(
                name = "display_value",
                accessMode = Schema.AccessMode.READ_ONLY,
                oneOf = {Boolean.class, String.class, Double.class, Integer.class},
                description = "read-only: derived from the feedback type; ignored when sent")
        Object displayValue) {}
