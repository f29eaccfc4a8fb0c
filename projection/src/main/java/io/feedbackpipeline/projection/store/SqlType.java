package io.feedbackpipeline.projection.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The column types the projection's statements write, each with its two wire forms: the element of the SQL array
 * {@link RowTransport#ARRAYS} binds (uuid, timestamptz and jsonb travel as text and are cast), and the binary
 * {@code COPY} field {@link RowTransport#COPY} streams (PostgreSQL's {@code *_send} formats).
 * A column's value is had as the Java type named here: {@link java.util.UUID}, {@link Instant}, {@link String} (jsonb: its JSON
 * text), {@link Boolean}, {@link Integer}, {@link Long}, {@link Double}.
 */
enum SqlType {
    TEXT("text", "text"),
    UUID("uuid", "text"),
    INT4("int4", "int4"),
    INT8("int8", "int8"),
    FLOAT8("float8", "float8"),
    BOOL("bool", "bool"),
    TIMESTAMPTZ("timestamptz", "text"),
    JSONB("jsonb", "text");

    /** PostgreSQL counts timestamps in microseconds from 2000-01-01 UTC. */
    private static final long POSTGRES_EPOCH_SECONDS =
            Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();

    /** The version byte in front of jsonb's binary form, which is otherwise its text. */
    private static final int JSONB_VERSION = 1;

    private final String sqlName;
    private final String arrayElement;

    SqlType(String sqlName, String arrayElement) {
        this.sqlName = sqlName;
        this.arrayElement = arrayElement;
    }

    String sqlName() {
        return sqlName;
    }

    /** The element type of the SQL array this type's values are bound as. */
    String arrayElement() {
        return arrayElement;
    }

    /** Whether a value bound as an array element must be cast to the column's type. */
    boolean castFromArray() {
        return !arrayElement.equals(sqlName);
    }

    /** A value as its array element: text for the cast types, itself otherwise. */
    Object arrayValue(Object value) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case UUID -> value.toString();
            case TIMESTAMPTZ -> TimestampText.of((Instant) value);
            default -> value;
        };
    }

    /**
     * A value as one field of a binary {@code COPY} row: its length, then its bytes, or length -1 for null. Instants
     * are whole microseconds here (the contract's timestamps are Avro {@code timestamp-micros}); a finer instant is
     * truncated, where the text form would be rounded.
     */
    void writeCopyField(CopyBuffer out, Object value) {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        switch (this) {
            case TEXT -> writeBytes(out, ((String) value).getBytes(StandardCharsets.UTF_8));
            case UUID -> {
                java.util.UUID uuid = (java.util.UUID) value;
                out.writeInt(16);
                out.writeLong(uuid.getMostSignificantBits());
                out.writeLong(uuid.getLeastSignificantBits());
            }
            case INT4 -> {
                out.writeInt(4);
                out.writeInt((Integer) value);
            }
            case INT8 -> {
                out.writeInt(8);
                out.writeLong((Long) value);
            }
            case FLOAT8 -> {
                out.writeInt(8);
                out.writeDouble((Double) value);
            }
            case BOOL -> {
                out.writeInt(1);
                out.writeByte((Boolean) value ? 1 : 0);
            }
            case TIMESTAMPTZ -> {
                Instant at = (Instant) value;
                out.writeInt(8);
                out.writeLong(Math.addExact(
                        Math.multiplyExact(at.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L),
                        at.getNano() / 1_000));
            }
            case JSONB -> {
                byte[] json = ((String) value).getBytes(StandardCharsets.UTF_8);
                out.writeInt(json.length + 1);
                out.writeByte(JSONB_VERSION);
                out.write(json);
            }
        }
    }

    private static void writeBytes(CopyBuffer out, byte[] bytes) {
        out.writeInt(bytes.length);
        out.write(bytes);
    }
}
