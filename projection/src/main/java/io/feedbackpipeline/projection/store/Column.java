package io.feedbackpipeline.projection.store;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One column a set-based statement writes: its name, the SQL array type its values are sent as, the type the
 * statement casts them to (null when the array's element type is the column's), and how a row's value is had. The
 * writer builds every list of a statement (columns, unnest parameters, the select list, SET) and every binding from one
 * list of these, so a column is added in one place.
 */
record Column<W>(String name, String arrayType, String cast, Function<W, Object> value) {

    static <W> Column<W> of(String name, String arrayType, Function<W, Object> value) {
        return new Column<>(name, arrayType, null, value);
    }

    static <W> Column<W> cast(String name, String arrayType, String cast, Function<W, Object> value) {
        return new Column<>(name, arrayType, cast, value);
    }

    /** The column's name as SQL: quoted when it is a keyword ({@code "values"}). */
    String sqlName() {
        return "values".equals(name) ? "\"values\"" : name;
    }

    /** The value of the unnested row {@code alias}, cast to the column's type. */
    String selected(String alias) {
        return alias + "." + sqlName() + (cast == null ? "" : "::" + cast);
    }

    static <W> String names(List<Column<W>> columns) {
        return columns.stream().map(Column::sqlName).collect(Collectors.joining(", "));
    }

    /** {@code unnest(?::t1[], ?::t2[], ...) AS alias(c1, c2, ...)}. */
    static <W> String unnest(List<Column<W>> columns, String alias) {
        return "unnest("
                + columns.stream().map(c -> "?::" + c.arrayType() + "[]").collect(Collectors.joining(", "))
                + ") AS " + alias + "(" + names(columns) + ")";
    }

    static <W> String selected(List<Column<W>> columns, String alias) {
        return columns.stream().map(c -> c.selected(alias)).collect(Collectors.joining(", "));
    }

    /** {@code c = EXCLUDED.c, ...} for an upsert's DO UPDATE. */
    static <W> String setFromExcluded(List<Column<W>> columns) {
        return columns.stream()
                .map(c -> c.sqlName() + " = EXCLUDED." + c.sqlName())
                .collect(Collectors.joining(", "));
    }
}
