package io.feedbackpipeline.projection.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Where a set-based statement reads the rows it writes: a FROM item that yields them in the order given, each column
 * under its name and of its type, whichever {@link RowTransport} carried them.
 */
abstract sealed class RowSource<W> {

    final List<Column<W>> columns;

    private RowSource(List<Column<W>> columns) {
        this.columns = List.copyOf(columns);
    }

    /**
     * @param staging the session's staging table for {@link RowTransport#COPY}: one per kind of row, shared by every
     *     writer of that kind (they write the same columns)
     */
    static <W> RowSource<W> of(RowTransport transport, String staging, List<Column<W>> columns) {
        return switch (transport) {
            case COPY -> new Copied<>(staging, columns);
            case ARRAYS -> new Unnested<>(columns);
        };
    }

    /** The rows as a FROM item called {@code alias}, in the order {@link #send} was given them. */
    abstract String from(String alias);

    /**
     * Sends the rows ahead of the statement, or returns them as its parameters; returns its parameters. {@code staged}
     * is the transaction's view of the session's staging tables.
     */
    abstract Object[] send(Connection connection, List<W> rows, StagingTables.Transaction staged) throws SQLException;

    /** Rows bound as one SQL array per column. */
    private static final class Unnested<W> extends RowSource<W> {

        private Unnested(List<Column<W>> columns) {
            super(columns);
        }

        @Override
        String from(String alias) {
            String typed = columns.stream()
                    .map(c -> c.type().castFromArray()
                            ? "a." + c.sqlName() + "::" + c.type().sqlName() + " AS " + c.sqlName()
                            : "a." + c.sqlName())
                    .collect(Collectors.joining(", "));
            String arrays = columns.stream()
                    .map(c -> "?::" + c.type().arrayElement() + "[]")
                    .collect(Collectors.joining(", "));
            return "(SELECT " + typed + " FROM unnest(" + arrays + ") AS a(" + Column.names(columns) + ")) AS " + alias;
        }

        @Override
        Object[] send(Connection connection, List<W> rows, StagingTables.Transaction staged) throws SQLException {
            Object[] arrays = new Object[columns.size()];
            for (int i = 0; i < arrays.length; i++) {
                Column<W> column = columns.get(i);
                arrays[i] = Transactions.column(
                        connection,
                        column.type().arrayElement(),
                        rows,
                        row -> column.type().arrayValue(column.value().apply(row)));
            }
            return arrays;
        }
    }

    /** Rows streamed by binary COPY into the session's staging table, numbered to keep their order. */
    private static final class Copied<W> extends RowSource<W> {

        private static final byte[] SIGNATURE = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);
        private static final Object[] NO_PARAMETERS = {};

        private final String staging;
        private final String createStaging;
        private final String copy;
        private final String staged;

        private Copied(String staging, List<Column<W>> columns) {
            super(columns);
            this.staging = staging;
            String table = "pg_temp." + staging;
            this.createStaging = "CREATE TEMP TABLE IF NOT EXISTS " + staging + " (n int4, "
                    + columns.stream()
                            .map(c -> c.sqlName() + " " + c.type().sqlName())
                            .collect(Collectors.joining(", "))
                    + ") ON COMMIT DELETE ROWS";
            this.copy = "COPY " + table + " (n, " + Column.names(columns) + ") FROM STDIN (FORMAT binary)";
            this.staged = "SELECT " + Column.names(columns) + " FROM " + table + " ORDER BY n";
        }

        @Override
        String from(String alias) {
            return "(" + staged + ") AS " + alias;
        }

        @Override
        Object[] send(Connection connection, List<W> rows, StagingTables.Transaction staged) throws SQLException {
            staged.ensure(connection, staging, createStaging);
            CopyBuffer encoded = encode(rows);
            CopyIn copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy);
            try {
                encoded.sendTo(copyIn);
                copyIn.endCopy();
            } finally {
                if (copyIn.isActive()) {
                    copyIn.cancelCopy();
                }
            }
            return NO_PARAMETERS;
        }

        /** COPY's binary format: a header, then per row its field count and each field, then -1. */
        private CopyBuffer encode(List<W> rows) {
            // ~12 bytes a field (a length and a number) and ~20 for a UUID or a short text: a guess, so that a
            // transaction's rows seldom regrow the array
            CopyBuffer out = new CopyBuffer(SIGNATURE.length + 10 + rows.size() * (2 + 12 * (columns.size() + 1)));
            out.write(SIGNATURE);
            out.writeInt(0); // flags: no OIDs
            out.writeInt(0); // no header extension
            for (int n = 0; n < rows.size(); n++) {
                W row = rows.get(n);
                out.writeShort(columns.size() + 1);
                SqlType.INT4.writeCopyField(out, n);
                for (Column<W> column : columns) {
                    column.type().writeCopyField(out, column.value().apply(row));
                }
            }
            out.writeShort(-1);
            return out;
        }
    }
}
