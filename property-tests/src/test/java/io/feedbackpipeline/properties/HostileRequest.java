package io.feedbackpipeline.properties;

import java.util.Map;

/**
 * One generated request: where it goes, its body, and, for what the gateway may accept, the texts it sent, which the
 * tables must then hold unchanged.
 *
 * @param sentTexts column name to the text sent for it, for the request's single item or log
 */
record HostileRequest(
        String kind, String method, String path, String contentType, String body, Map<String, String> sentTexts) {

    @Override
    public String toString() {
        return kind + " " + method + " " + path + " [" + contentType + "] " + body;
    }
}
