package io.feedbackpipeline.projection.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The buffer writes what the JDK's big-endian {@link DataOutputStream} writes, value for value, whatever it had to
 * grow through: the encoding COPY's binary format was first written with.
 */
class CopyBufferTest {

    @Test
    void writesWhatDataOutputStreamWrites() throws IOException {
        Random random = new Random(24);
        CopyBuffer buffer = new CopyBuffer(1); // grows many times
        ByteArrayOutputStream expectedBytes = new ByteArrayOutputStream();
        DataOutputStream expected = new DataOutputStream(expectedBytes);
        for (int i = 0; i < 20_000; i++) {
            switch (random.nextInt(6)) {
                case 0 -> {
                    int value = random.nextInt();
                    buffer.writeByte(value);
                    expected.writeByte(value);
                }
                case 1 -> {
                    int value = random.nextInt();
                    buffer.writeShort(value);
                    expected.writeShort(value);
                }
                case 2 -> {
                    int value = random.nextInt();
                    buffer.writeInt(value);
                    expected.writeInt(value);
                }
                case 3 -> {
                    long value = random.nextLong();
                    buffer.writeLong(value);
                    expected.writeLong(value);
                }
                case 4 -> {
                    double value =
                            random.nextBoolean() ? random.nextGaussian() : Double.longBitsToDouble(random.nextLong());
                    buffer.writeDouble(value);
                    expected.writeDouble(value);
                }
                default -> {
                    byte[] value = new byte[random.nextInt(300)];
                    random.nextBytes(value);
                    buffer.write(value);
                    expected.write(value);
                }
            }
        }
        assertThat(buffer.size()).isEqualTo(expectedBytes.size());
        assertThat(buffer.toByteArray()).isEqualTo(expectedBytes.toByteArray());
    }

    @Test
    void encodesEveryColumnTypeAsPostgresSendsIt() {
        List<Object[]> fields = new ArrayList<>();
        fields.add(new Object[] {SqlType.TEXT, "héllo", bytes(0, 0, 0, 6, 'h', 0xc3, 0xa9, 'l', 'l', 'o')});
        fields.add(new Object[] {
            SqlType.UUID,
            new UUID(0x0102030405060708L, 0x090a0b0c0d0e0f10L),
            bytes(0, 0, 0, 16, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16)
        });
        fields.add(new Object[] {SqlType.INT4, -2, bytes(0, 0, 0, 4, 0xff, 0xff, 0xff, 0xfe)});
        fields.add(new Object[] {SqlType.INT8, 258L, bytes(0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 1, 2)});
        fields.add(new Object[] {SqlType.FLOAT8, 1.0, bytes(0, 0, 0, 8, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0)});
        fields.add(new Object[] {SqlType.BOOL, true, bytes(0, 0, 0, 1, 1)});
        // one microsecond after PostgreSQL's epoch, 2000-01-01 UTC
        fields.add(new Object[] {
            SqlType.TIMESTAMPTZ, Instant.parse("2000-01-01T00:00:00.000001Z"), bytes(0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 1)
        });
        fields.add(new Object[] {SqlType.JSONB, "[1]", bytes(0, 0, 0, 4, 1, '[', '1', ']')});
        fields.add(new Object[] {SqlType.TEXT, null, bytes(0xff, 0xff, 0xff, 0xff)});
        for (Object[] field : fields) {
            CopyBuffer buffer = new CopyBuffer(0);
            ((SqlType) field[0]).writeCopyField(buffer, field[1]);
            assertThat(buffer.toByteArray()).as("%s %s", field[0], field[1]).isEqualTo(field[2]);
        }
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
