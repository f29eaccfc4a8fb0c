package io.feedbackpipeline.gateway.baseplate;

import io.feedbackpipeline.jsoncontract.InvalidRequestException;
import io.feedbackpipeline.jsoncontract.JsonFields;
import io.feedbackpipeline.jsoncontract.Violations;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Baseplate's body: {@code {"logs": [{"usage_id", "positive_rating"}, ...]}} or one
 * {@code {"usage_id", "positive_rating"}}, exactly one of the two. Ratings keep request order, so a later rating of
 * the same usage_id in one request wins. Read as Baseplate reads it: an explicit null is absent (so
 * {@code "logs": null} beside a usage_id is a single update), and fields it does not know are skipped and returned
 * in {@code ignored} to be counted.
 */
record BaseplateRatingRequest(List<Rating> ratings) {

    record Rating(String usageId, Boolean positive) {}

    private static final Set<String> SINGLE_FIELDS = Set.of("usage_id", "positive_rating");
    private static final Set<String> SINGLE_FIELDS_OR_LOGS = Set.of("usage_id", "positive_rating", "logs");

    private static boolean present(JsonNode body, String name) {
        JsonNode node = body.get(name);
        return node != null && !node.isNull();
    }

    static BaseplateRatingRequest parse(JsonNode body, int maxItems, List<String> ignored) {
        boolean hasLogs = present(body, "logs");
        boolean hasSingle = present(body, "usage_id") || present(body, "positive_rating");
        if (hasLogs && hasSingle) {
            throw InvalidRequestException.of("body", "send either logs or usage_id with positive_rating, not both");
        }
        if (!hasLogs && !hasSingle) {
            throw InvalidRequestException.of("body", "either logs or usage_id with positive_rating is required");
        }
        Violations violations = new Violations();
        List<Rating> ratings = new ArrayList<>();
        if (hasSingle) {
            JsonFields fields = JsonFields.of(body, violations);
            ignored.addAll(fields.unknown(SINGLE_FIELDS_OR_LOGS));
            ratings.add(new Rating(fields.requiredString("usage_id"), fields.requiredBoolean("positive_rating")));
        } else {
            ignored.addAll(JsonFields.of(body, violations).unknown(SINGLE_FIELDS_OR_LOGS));
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
                    ignored.addAll(fields.unknown(SINGLE_FIELDS));
                    ratings.add(
                            new Rating(fields.requiredString("usage_id"), fields.requiredBoolean("positive_rating")));
                }
            }
        }
        violations.throwIfAny();
        return new BaseplateRatingRequest(List.copyOf(ratings));
    }
}
