package io.feedbackpipeline.gateway.registryapi;

import tools.jackson.databind.JsonNode;

/** The body of a lookup or registration; references and other fields a client may send are not used. */
record SchemaRequest(String schema, String schemaType) {

    static SchemaRequest of(JsonNode body) {
        return new SchemaRequest(text(body, "schema"), text(body, "schemaType"));
    }

    private static String text(JsonNode body, String name) {
        JsonNode node = body.get(name);
        return node != null && node.isString() ? node.stringValue() : null;
    }
}
