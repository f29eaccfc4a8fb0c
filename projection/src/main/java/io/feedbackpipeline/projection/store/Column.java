package io.feedbackpipeline.projection.store;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One column a set-based statement writes: its name, its type, and how a row's value is had (as the Java type
 * {@link SqlType} names). The writer builds every list of a statement (columns, the rows' source, the select list,
 * SET) and every binding from one list of these, so a column is added in one place.
 */
record Column<W>(String name, SqlType type, Function<W, Object> value) {

    static <W> Column<W> of(String name, SqlType type, Function<W, Object> value) {
        return new Column<>(name, type, value);
    }

    /** The column's name as SQL: quoted when it is a keyword ({@code "values"}). */
    String sqlName() {
        return "values".equals(name) ? "\"values\"" : name;
    }

    static <W> String names(List<Column<W>> columns) {
        return columns.stream().map(Column::sqlName).collect(Collectors.joining(", "));
    }

    /** {@code alias.c1, alias.c2, ...}. */
    static <W> String selected(List<Column<W>> columns, String alias) {
        return columns.stream().map(c -> alias + "." + c.sqlName()).collect(Collectors.joining(", "));
    }

    /** {@code c = EXCLUDED.c, ...} for an upsert's DO UPDATE. */
    static <W> String setFromExcluded(List<Column<W>> columns) {
        return columns.stream()
                .map(c -> c.sqlName() + " = EXCLUDED." + c.sqlName())
                .collect(Collectors.joining(", "));
    }
}
