package io.feedbackpipeline.schemas.registry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.apache.avro.Schema;

/**
 * A schema that came from outside (a registry client's request, an external registry's answer), parsed only when its
 * text is within bounds that no event schema comes near: Avro builds a tree of the whole text, and an attribute of
 * twenty million empty arrays would exhaust any heap. The bounds are counted with a streaming parser, which holds
 * nothing. Whatever Avro then refuses (a syntax error, an invalid default, which throws an {@code
 * AvroTypeException} and not a {@code SchemaParseException}) is reported as one exception type.
 */
public final class ForeignSchema {

    /** Far above the bundled schemas (a few hundred tokens each). */
    public static final int MAX_TOKENS = 20_000;

    public static final int MAX_DEPTH = 64;

    /** Why a schema text was not accepted. */
    public static final class Refused extends Exception {
        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private ForeignSchema() {}

    public static Schema parse(String text) throws Refused {
        checkBounds(text);
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new Refused(e.getMessage(), e);
        }
    }

    private static void checkBounds(String text) throws Refused {
        int tokens = 0;
        int depth = 0;
        try (JsonParser parser = JSON.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (++tokens > MAX_TOKENS) {
                    throw new Refused("it has more than " + MAX_TOKENS + " JSON tokens", null);
                }
                if (token.isStructStart() && ++depth > MAX_DEPTH) {
                    throw new Refused("it nests deeper than " + MAX_DEPTH, null);
                }
                if (token.isStructEnd()) {
                    depth--;
                }
            }
        } catch (IOException e) {
            throw new Refused("it is not JSON: " + e.getMessage(), e);
        }
    }
}
