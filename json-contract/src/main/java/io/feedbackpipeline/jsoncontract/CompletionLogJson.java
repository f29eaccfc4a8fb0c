package io.feedbackpipeline.jsoncontract;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A completion log in Baseplate's field names, read strictly, wherever it comes from: {@code POST
 * /v1/completion-logs} or the lines {@code feedbackctl produce --completion-logs} reads. {@code values} are strings,
 * never coerced.
 */
public final class CompletionLogJson {

    public static final Set<String> FIELDS = Set.of(
            "usage_id",
            "endpoint_id",
            "user_id",
            "timestamp",
            "openai_name",
            "cost",
            "prompt",
            "completion",
            "temp",
            "managed",
            "template_id",
            "values");

    private CompletionLogJson() {}

    public static CompletionLogInput read(JsonNode body, Violations violations) {
        JsonFields fields = JsonFields.of(body, violations);
        fields.rejectUnknown(FIELDS);
        return new CompletionLogInput(
                fields.requiredString("usage_id"),
                fields.optionalUuid("endpoint_id"),
                fields.optionalString("user_id"),
                fields.optionalInstant("timestamp"),
                fields.optionalString("openai_name"),
                fields.optionalNumber("cost"),
                fields.optionalString("prompt"),
                fields.optionalString("completion"),
                fields.optionalNumber("temp"),
                fields.optionalBoolean("managed"),
                fields.optionalString("template_id"),
                values(fields.optionalObject("values"), fields));
    }

    private static Map<String, String> values(JsonNode values, JsonFields fields) {
        Map<String, String> out = new LinkedHashMap<>();
        if (values == null) {
            return out;
        }
        for (String name : values.propertyNames()) {
            JsonNode value = values.get(name);
            if (value.isString()) {
                out.put(name, value.stringValue());
            } else {
                fields.violate("values." + name, "must be a string");
            }
        }
        return out;
    }
}
