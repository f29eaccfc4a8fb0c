package io.feedbackpipeline.feedbackctl.export;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/** JSON Lines: one object per row, every column named, null where there is no value. */
final class JsonLinesSink implements RowSink {

    private final List<Column> columns;
    private final JsonGenerator json;

    JsonLinesSink(List<Column> columns, Writer out) {
        this.columns = columns;
        this.json = JsonMapper.builder().build().createGenerator(out);
    }

    @Override
    public void write(Object[] row) {
        json.writeStartObject();
        for (int i = 0; i < row.length; i++) {
            json.writeName(columns.get(i).name());
            Object value = row[i];
            if (value == null) {
                json.writeNull();
            } else if (value instanceof Boolean flag) {
                json.writeBoolean(flag);
            } else if (value instanceof Integer number) {
                json.writeNumber(number);
            } else if (value instanceof Double number) {
                json.writeNumber(number);
            } else if (value instanceof Instant instant) {
                json.writeString(instant.toString());
            } else {
                json.writeString(value.toString());
            }
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    @Override
    public void close() throws IOException {
        json.close();
    }
}
