package io.feedbackpipeline.projection.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.copy.CopyIn;

/**
 * The bytes of a binary {@code COPY} as its rows are encoded: a growable array written big-endian, as COPY's format
 * wants. Not {@code DataOutputStream} over {@code ByteArrayOutputStream}, whose every {@code writeInt} is four
 * synchronized one-byte writes: ~90 of them per register row, half the encoding's time (docs/benchmarks.md, "The COPY
 * rows' encoding"). One transaction's rows, one thread.
 */
final class CopyBuffer {

    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] bytes;
    private int size;

    CopyBuffer(int expectedSize) {
        this.bytes = new byte[Math.max(16, expectedSize)];
    }

    void writeByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    void writeShort(int value) {
        ensure(2);
        SHORT.set(bytes, size, (short) value);
        size += 2;
    }

    void writeInt(int value) {
        ensure(4);
        INT.set(bytes, size, value);
        size += 4;
    }

    void writeLong(long value) {
        ensure(8);
        LONG.set(bytes, size, value);
        size += 8;
    }

    void writeDouble(double value) {
        writeLong(Double.doubleToLongBits(value)); // as DataOutputStream: one NaN
    }

    void write(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
    }

    int size() {
        return size;
    }

    /** What was written, as a copy: for tests. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    /** Hands what was written to the driver without another copy. */
    void sendTo(CopyIn copyIn) throws SQLException {
        copyIn.writeToCopy(bytes, 0, size);
    }

    private void ensure(int more) {
        int needed = Math.addExact(size, more);
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }
}
