package io.feedbackpipeline.feedbackctl.export;

import java.util.List;

/** A column of an export: its name in every format, and the type its values have (every column may be null). */
record Column(String name, Type type) {

    enum Type {
        STRING,
        BOOLEAN,
        INT,
        DOUBLE,
        /** an {@link java.time.Instant}: ISO-8601 text in JSON Lines and CSV, timestamp (µs, UTC) in Parquet */
        TIMESTAMP
    }

    static Column string(String name) {
        return new Column(name, Type.STRING);
    }

    static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }
}
