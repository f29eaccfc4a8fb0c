package io.feedbackpipeline.feedbackctl;

import io.feedbackpipeline.catalog.FeedbackRules;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Text that came from users or records (dead-letter headers and keys, catalog names, an audit's actor) must not
 * drive the operator's terminal: an escape sequence can rewrite the screen, recolour it, set its title, and a
 * bidirectional override can make one name read as another. Everything feedbackctl prints on standard output goes
 * through {@link #writer}, so no command can forget; one-line errors are escaped with {@link #escape}. Control and
 * invisible format characters are shown as {@code \\uXXXX}; line breaks and tabs of feedbackctl's own layout stay.
 */
public final class TerminalText {

    private TerminalText() {}

    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder shown = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isUnsafe(c)) {
                if (shown == null) {
                    shown = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                shown.append(String.format("\\u%04x", (int) c));
            } else if (shown != null) {
                shown.append(c);
            }
        }
        return shown == null ? text : shown.toString();
    }

    /** What the catalog refuses in names ({@link FeedbackRules#isControlOrFormat}), but a line break and a tab. */
    static boolean isUnsafe(char c) {
        return c != '\n' && c != '\t' && FeedbackRules.isControlOrFormat(c);
    }

    /** A writer that escapes what it is given before passing it on. */
    public static Writer writer(Writer out) {
        return new FilterWriter(out) {
            @Override
            public void write(int c) throws IOException {
                write(String.valueOf((char) c));
            }

            @Override
            public void write(char[] buffer, int offset, int length) throws IOException {
                write(new String(buffer, offset, length));
            }

            @Override
            public void write(String text, int offset, int length) throws IOException {
                out.write(escape(text.substring(offset, offset + length)));
            }
        };
    }
}
