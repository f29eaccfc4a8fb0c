package io.feedbackpipeline.jsoncontract;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The native feedback items, read strictly (an unknown field is refused: a typo must not drop data), wherever they
 * come from: the items of {@code POST /v1/feedback} or the lines {@code feedbackctl produce} reads.
 */
public final class NativeFeedbackJson {

    public static final Set<String> ITEM_FIELDS =
            Set.of("usage_id", "feedback_type_id", "flag", "value", "comment", "tag", "occurred_at");

    private NativeFeedbackJson() {}

    /**
     * The items of a JSON array, each violation recorded at its item's index. An item that is not an object is kept
     * as an empty input, so indexes stay aligned; {@code maxItems} bounds the array.
     */
    public static List<FeedbackInput> items(JsonNode items, int maxItems, Violations violations) {
        if (items == null || !items.isArray() || items.isEmpty()) {
            violations.add("items", "must be a non-empty array of feedback items");
            return List.of();
        }
        if (items.size() > maxItems) {
            violations.add("items", "must have at most " + maxItems + " entries, has " + items.size());
            return List.of();
        }
        List<FeedbackInput> inputs = new ArrayList<>(items.size());
        for (int index = 0; index < items.size(); index++) {
            inputs.add(item(items.get(index), index, violations));
        }
        return inputs;
    }

    /** One item, its violations recorded at {@code index}. */
    public static FeedbackInput item(JsonNode item, int index, Violations violations) {
        if (!item.isObject()) {
            violations.atItem(index, "items", "must be an object");
            return new FeedbackInput(null, null, null, null, null, null, null);
        }
        JsonFields fields = new JsonFields(item, index, violations);
        fields.rejectUnknown(ITEM_FIELDS);
        Instant occurredAt = fields.optionalInstant("occurred_at");
        return new FeedbackInput(
                fields.requiredString("usage_id"),
                fields.requiredInt("feedback_type_id"),
                fields.optionalBoolean("flag"),
                fields.optionalNumber("value"),
                fields.optionalString("comment"),
                fields.optionalString("tag"),
                occurredAt == null ? null : occurredAt.truncatedTo(ChronoUnit.MICROS));
    }
}
