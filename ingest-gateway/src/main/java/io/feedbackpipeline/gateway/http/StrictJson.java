package io.feedbackpipeline.gateway.http;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses request bodies as strict JSON: valid UTF-8, no duplicate keys, no NaN or Infinity literals, no trailing
 * content, bounded nesting. Anything else is a 400 naming the problem.
 */
@Component
public class StrictJson {

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The body's top-level JSON object. */
    public JsonNode object(byte[] body) {
        if (body.length == 0) {
            throw InvalidRequestException.of("body", "a JSON object is required, the body is empty");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw InvalidRequestException.of("body", "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw InvalidRequestException.of("body", "a JSON object is required");
        }
        return root;
    }
}
