package io.feedbackpipeline.gateway.http;

import io.feedbackpipeline.jsoncontract.InvalidRequestException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses request bodies as strict JSON: valid UTF-8, no duplicate keys, no NaN or Infinity literals, no trailing
 * content. Every body of every route is read here, within read constraints that bound what a tree can cost: a body
 * holds at most {@link #MAX_TOKENS} tokens nested at most {@link #MAX_DEPTH} deep, so the tree built from a body of
 * the largest allowed size stays a few times that size, never the thirty times that millions of empty arrays make.
 * Anything else is a 400 naming the problem.
 */
@Component
class StrictJson {

    /** Far above any valid request (1,000 native items are about 16,000 tokens), far below what hurts. */
    static final int MAX_TOKENS = 100_000;
    /** A valid request nests 3 deep. */
    static final int MAX_DEPTH = 16;

    private final JsonMapper mapper;

    StrictJson(RequestLimits limits) {
        int maxBytes = (int) Math.min(Integer.MAX_VALUE, limits.maxBodySize().toBytes());
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxTokenCount(MAX_TOKENS)
                .maxDocumentLength(maxBytes)
                .maxStringLength(maxBytes)
                .maxNameLength(1_000)
                .maxNumberLength(100)
                .build();
        this.mapper = JsonMapper.builder(
                        JsonFactory.builder().streamReadConstraints(constraints).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** The body's top-level JSON object. */
    public JsonNode object(byte[] body) {
        if (body.length == 0) {
            throw InvalidRequestException.of("body", "a JSON object is required, the body is empty");
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw InvalidRequestException.of("body", "too large or too deeply nested: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw InvalidRequestException.of("body", "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw InvalidRequestException.of("body", "a JSON object is required");
        }
        return root;
    }
}
