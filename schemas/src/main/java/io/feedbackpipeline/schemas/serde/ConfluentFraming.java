package io.feedbackpipeline.schemas.serde;

import java.nio.ByteBuffer;

/**
 * Confluent's wire format, as its {@code KafkaAvroSerializer} (and the Python, Go and Node equivalents) writes it:
 * a zero byte, the 4-byte big-endian schema id a registry assigned, then the Avro binary body. It cannot be
 * mistaken for single-object encoding, which starts with {@code C3 01}.
 */
public final class ConfluentFraming {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_LENGTH = 5;

    private ConfluentFraming() {}

    public static boolean isFramed(byte[] value) {
        return value.length > 0 && value[0] == MAGIC_BYTE;
    }

    /** The schema id of a framed value; the caller checked {@link #isFramed} and the length. */
    public static int schemaId(byte[] value) {
        return ByteBuffer.wrap(value, 1, 4).getInt();
    }

    /** Frames an Avro binary body as a Confluent serializer would, for tests and producers without one. */
    public static byte[] frame(int schemaId, byte[] avroBody) {
        return ByteBuffer.allocate(HEADER_LENGTH + avroBody.length)
                .put(MAGIC_BYTE)
                .putInt(schemaId)
                .put(avroBody)
                .array();
    }
}
