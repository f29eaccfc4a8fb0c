package io.feedbackpipeline.schemas.serde;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes any generated event in Avro single-object encoding: {@code C3 01}, the 8-byte CRC-64-AVRO fingerprint of
 * the record's schema (little-endian), then the Avro binary body. No registry is involved: the fingerprint alone
 * tells a reader which bundled schema wrote the bytes.
 *
 * <p>Has a no-argument constructor so it can be named in plain Kafka producer configuration
 * ({@code value.serializer=io.feedbackpipeline.schemas.serde.EventSerializer}).
 */
public class EventSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final ClassValue<BinaryMessageEncoder<SpecificRecord>> encoders = new ClassValue<>() {
        @Override
        protected BinaryMessageEncoder<SpecificRecord> computeValue(Class<?> type) {
            SpecificData model = SpecificData.getForClass(type);
            return new BinaryMessageEncoder<>(model, model.getSchema(type));
        }
    };

    @Override
    public byte[] serialize(String topic, T event) {
        if (event == null) {
            return null;
        }
        try {
            ByteBuffer buffer = encoders.get(event.getClass()).encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }
}
