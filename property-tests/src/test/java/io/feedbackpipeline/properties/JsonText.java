package io.feedbackpipeline.properties;

/**
 * Writes JSON by hand so that requests can carry what a client library would refuse to write: every character
 * outside printable ASCII is a {@code \\uXXXX} escape, so NUL and unpaired surrogates reach the gateway as sent.
 */
final class JsonText {

    private JsonText() {}

    static String string(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
                json.append("\\u%04x".formatted((int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }
}
