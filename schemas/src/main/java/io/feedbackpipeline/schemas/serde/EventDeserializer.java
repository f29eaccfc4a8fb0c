package io.feedbackpipeline.schemas.serde;

import io.feedbackpipeline.schemas.contract.EventType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads events in either framing into the current generated class: Avro single-object encoding (the writer's
 * schema named by its fingerprint, resolved among the bundled versions) and Confluent's (the writer's schema named
 * by a registry id, resolved through {@link WriterSchemas}, then read with Avro's schema resolution against the
 * current version).
 *
 * <p>Failures are typed: {@link UnknownSchemaException} for a fingerprint or schema id nobody knows,
 * {@link IncompatibleSchemaException} for a registered schema that is not this event, {@link MalformedEventException}
 * for anything else that is not a valid event (including an empty value), and
 * {@link SchemaRegistryUnavailableException}, an outage, when the registry cannot answer.
 */
public class EventDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private static final int HEADER_LENGTH = 10;

    private final EventType<T> eventType;
    private final BinaryMessageDecoder<T> decoder;
    private final WriterSchemas writerSchemas;
    /** One reader per Confluent schema id; ids are immutable, so an entry never goes stale. */
    private final Map<Integer, DatumReader<T>> confluentReaders = new ConcurrentHashMap<>();

    /** Resolves Confluent schema ids among the bundled history's only: no external registry. */
    public EventDeserializer(EventType<T> eventType) {
        this(eventType, WriterSchemas.none());
    }

    /**
     * Resolves Confluent schema ids among the bundled versions first, then through {@code writerSchemas} (an external
     * registry) for ids the bundle does not have.
     */
    public EventDeserializer(EventType<T> eventType, WriterSchemas writerSchemas) {
        this.eventType = eventType;
        SchemaStore.Cache bundled = new SchemaStore.Cache();
        eventType.history().forEach(bundled::addSchema);
        this.decoder = new BinaryMessageDecoder<>(eventType.model(), eventType.currentSchema(), bundled);
        this.writerSchemas = WriterSchemas.bundled().orElse(writerSchemas);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null || data.length == 0) {
            throw new MalformedEventException("empty record value is not a " + eventType.name(), null);
        }
        if (ConfluentFraming.isFramed(data)) {
            return deserializeConfluent(data);
        }
        try {
            return decoder.decode(data);
        } catch (MissingSchemaException e) {
            throw UnknownSchemaException.ofFingerprint(eventType.name(), fingerprintOf(data), e);
        } catch (BadHeaderException e) {
            throw new MalformedEventException(
                    "not a single-object or Confluent-framed %s: %s".formatted(eventType.name(), e.getMessage()), e);
        } catch (Exception e) {
            // Avro reports a corrupt body through many types (EOF, negative lengths, bad union index, ...).
            throw new MalformedEventException(
                    "corrupt %s body (%d bytes): %s".formatted(eventType.name(), data.length, e), e);
        }
    }

    private T deserializeConfluent(byte[] data) {
        if (data.length < ConfluentFraming.HEADER_LENGTH) {
            throw new MalformedEventException(
                    "Confluent-framed %s shorter than its 5-byte header (%d bytes)"
                            .formatted(eventType.name(), data.length),
                    null);
        }
        int schemaId = ConfluentFraming.schemaId(data);
        DatumReader<T> reader = confluentReaders.get(schemaId);
        if (reader == null) {
            reader = readerFor(schemaId);
            confluentReaders.put(schemaId, reader);
        }
        BinaryDecoder body = DecoderFactory.get()
                .binaryDecoder(
                        data, ConfluentFraming.HEADER_LENGTH, data.length - ConfluentFraming.HEADER_LENGTH, null);
        T event;
        try {
            event = reader.read(null, body);
            if (!body.isEnd()) {
                throw new IllegalStateException("bytes left over after the record");
            }
        } catch (Exception e) {
            throw new MalformedEventException(
                    "corrupt %s body written with schema id %d (%d bytes): %s"
                            .formatted(eventType.name(), schemaId, data.length, e),
                    e);
        }
        return event;
    }

    /** Only resolvable schemas are cached: an unknown id or an outage is asked again next time. */
    @SuppressWarnings("unchecked")
    private DatumReader<T> readerFor(int schemaId) {
        Schema writer = writerSchemas.byId(schemaId);
        Schema current = eventType.currentSchema();
        SchemaCompatibility.SchemaPairCompatibility compatibility;
        try {
            compatibility = SchemaCompatibility.checkReaderWriterCompatibility(current, writer);
        } catch (RuntimeException e) {
            // A schema the registry served is data about the record: whatever Avro makes of it, the record is at
            // fault, never the environment, so it must not stall its partition.
            throw new IncompatibleSchemaException(schemaId, "cannot be compared with " + eventType.name() + ": " + e);
        }
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            String why = compatibility.getResult().getIncompatibilities().stream()
                    .map(problem -> problem.getType() + " at " + problem.getLocation() + ": " + problem.getMessage())
                    .collect(Collectors.joining("; "));
            throw new IncompatibleSchemaException(schemaId, "cannot be read as " + eventType.name() + ": " + why);
        }
        return (DatumReader<T>) eventType.model().createDatumReader(writer, current);
    }

    private static long fingerprintOf(byte[] data) {
        return ByteBuffer.wrap(data, 2, HEADER_LENGTH - 2)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
    }
}
