package io.feedbackpipeline.feedbackctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    @DisplayName("escape sequences, bells, carriage returns and direction overrides are shown, not obeyed")
    void unsafeCharactersAreShown() {
        assertThat(TerminalText.escape("a\u001b[31mb\u0007c\rd\u202ee\u009bf"))
                .isEqualTo("a\\u001b[31mb\\u0007c\\u000dd\\u202ee\\u009bf");
        assertThat(TerminalText.escape("plain: ünïcødé, 日本, tab\tand\nline"))
                .isEqualTo("plain: ünïcødé, 日本, tab\tand\nline");
    }

    @Test
    @DisplayName("everything written through the writer is escaped, printf included")
    void writerEscapes() {
        StringWriter target = new StringWriter();
        PrintWriter out = new PrintWriter(TerminalText.writer(target), true);
        out.printf("%s  %d%n", "name\u001b]0;title\u0007", 3);
        out.flush();
        assertThat(target.toString()).isEqualTo("name\\u001b]0;title\\u0007  3" + System.lineSeparator());
    }
}
