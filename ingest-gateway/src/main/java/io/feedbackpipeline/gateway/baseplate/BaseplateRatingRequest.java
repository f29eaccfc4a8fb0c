package io.feedbackpipeline.gateway.baseplate;

import io.feedbackpipeline.gateway.http.InvalidRequestException;
import io.feedbackpipeline.gateway.http.JsonFields;
import io.feedbackpipeline.gateway.http.Violations;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Baseplate's body: {@code {"logs": [{"usage_id", "positive_rating"}, ...]}} or one
 * {@code {"usage_id", "positive_rating"}}, exactly one of the two. Ratings keep request order, so a later rating of
 * the same usage_id in one request wins.
 */
record BaseplateRatingRequest(boolean batch, List<Rating> ratings) {

    record Rating(String usageId, Boolean positive) {}

    private static final Set<String> SINGLE_FIELDS = Set.of("usage_id", "positive_rating");

    static BaseplateRatingRequest parse(JsonNode body, int maxItems) {
        boolean hasLogs = body.has("logs");
        boolean hasSingle = body.has("usage_id") || body.has("positive_rating");
        if (hasLogs && hasSingle) {
            throw InvalidRequestException.of("body",
                    "send either logs or usage_id with positive_rating, not both");
        }
        if (!hasLogs && !hasSingle) {
            throw InvalidRequestException.of("body", "either logs or usage_id with positive_rating is required");
        }
        Violations violations = new Violations();
        List<Rating> ratings = new ArrayList<>();
        if (hasSingle) {
            JsonFields fields = JsonFields.of(body, violations);
            fields.rejectUnknown(SINGLE_FIELDS);
            ratings.add(new Rating(fields.requiredString("usage_id", Integer.MAX_VALUE),
                    fields.requiredBoolean("positive_rating")));
        } else {
            JsonFields.of(body, violations).rejectUnknown(Set.of("logs"));
            JsonNode logs = body.get("logs");
            if (!logs.isArray() || logs.isEmpty()) {
                violations.add("logs", "must be a non-empty array of {usage_id, positive_rating}");
            } else if (logs.size() > maxItems) {
                violations.add("logs", "must have at most " + maxItems + " entries, has " + logs.size());
            } else {
                for (int index = 0; index < logs.size(); index++) {
                    JsonNode entry = logs.get(index);
                    if (!entry.isObject()) {
                        violations.atItem(index, "logs", "must be an object with usage_id and positive_rating");
                        continue;
                    }
                    JsonFields fields = new JsonFields(entry, index, violations);
                    fields.rejectUnknown(SINGLE_FIELDS);
                    ratings.add(new Rating(fields.requiredString("usage_id", Integer.MAX_VALUE),
                            fields.requiredBoolean("positive_rating")));
                }
            }
        }
        violations.throwIfAny();
        return new BaseplateRatingRequest(hasLogs, List.copyOf(ratings));
    }
}
