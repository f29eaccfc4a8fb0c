package io.feedbackpipeline.schemas.serde;

import io.feedbackpipeline.schemas.contract.EventType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads single-object encoded events written with any bundled version of the event's schema, resolved by
 * fingerprint, into the current generated class.
 *
 * <p>Failures are typed: {@link UnknownSchemaException} for a fingerprint no bundled version has,
 * {@link MalformedEventException} for anything else that is not a valid event (including an empty value).
 */
public class EventDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private static final int HEADER_LENGTH = 10;

    private final EventType<T> eventType;
    private final BinaryMessageDecoder<T> decoder;

    public EventDeserializer(EventType<T> eventType) {
        this.eventType = eventType;
        SchemaStore.Cache bundled = new SchemaStore.Cache();
        eventType.history().forEach(bundled::addSchema);
        this.decoder = new BinaryMessageDecoder<>(eventType.model(), eventType.currentSchema(), bundled);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null || data.length == 0) {
            throw new MalformedEventException("empty record value is not a " + eventType.name(), null);
        }
        try {
            return decoder.decode(data);
        } catch (MissingSchemaException e) {
            throw new UnknownSchemaException(eventType.name(), fingerprintOf(data), e);
        } catch (BadHeaderException e) {
            throw new MalformedEventException(
                    "not a single-object encoded %s: %s".formatted(eventType.name(), e.getMessage()), e);
        } catch (Exception e) {
            // Avro reports a corrupt body through many types (EOF, negative lengths, bad union index, ...).
            throw new MalformedEventException(
                    "corrupt %s body (%d bytes): %s".formatted(eventType.name(), data.length, e), e);
        }
    }

    private static long fingerprintOf(byte[] data) {
        return ByteBuffer.wrap(data, 2, HEADER_LENGTH - 2)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
    }
}
