package io.feedbackpipeline.projection.store;

import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** A completion log's {@code values} as the JSON object its {@code jsonb} column holds. */
final class ValuesJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ValuesJson() {}

    static String of(Map<String, String> values) {
        return JSON.writeValueAsString(values);
    }
}
