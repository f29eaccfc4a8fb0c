package io.feedbackpipeline.feedbackctl.export;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * CSV as RFC 4180 writes it: a header row, CRLF line ends, a field quoted when it holds a comma, a quote or a line
 * break (quotes doubled). An empty field is a null; an empty string is written quoted ({@code ""}), so the two stay
 * apart for readers that tell them apart (DuckDB, pandas with {@code keep_default_na}).
 */
final class CsvSink implements RowSink {

    private final Writer out;

    CsvSink(List<Column> columns, Writer out) throws IOException {
        this.out = out;
        writeLine(Column.names(columns).toArray());
    }

    @Override
    public void write(Object[] row) throws IOException {
        writeLine(row);
    }

    private void writeLine(Object[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            if (values[i] != null) {
                writeField(values[i].toString());
            }
        }
        out.write("\r\n");
    }

    private void writeField(String text) throws IOException {
        boolean quoted = text.isEmpty() || needsQuotes(text);
        if (!quoted) {
            out.write(text);
            return;
        }
        out.write('"');
        out.write(text.replace("\"", "\"\""));
        out.write('"');
    }

    private static boolean needsQuotes(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
