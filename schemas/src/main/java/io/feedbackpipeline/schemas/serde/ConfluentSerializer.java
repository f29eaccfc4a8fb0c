package io.feedbackpipeline.schemas.serde;

import io.feedbackpipeline.schemas.FeedbackChange;
import io.feedbackpipeline.schemas.history.SchemaIds;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes any generated event in Confluent's framing ({@link ConfluentFraming}): a zero byte, the schema id the
 * registry API serves for the record's schema ({@link SchemaIds}), then the Avro binary body. What Confluent's
 * deserializers, and the Python, Go and Node clients, read when pointed at the gateway's registry API; the pipeline's
 * own {@link EventDeserializer} reads it as well as single-object encoding.
 */
public class ConfluentSerializer<T extends SpecificRecord> implements Serializer<T> {

    private record Writer(int schemaId, DatumWriter<SpecificRecord> datumWriter) {}

    /**
     * Buffered encoders of about a record's size: a direct encoder writes each byte through {@code
     * ByteArrayOutputStream}'s synchronized {@code write}, a quarter of the change relay's encoding time in a profile.
     */
    private static final EncoderFactory ENCODERS = new EncoderFactory().configureBufferSize(256);

    private final ClassValue<Writer> writers = new ClassValue<>() {
        @Override
        protected Writer computeValue(Class<?> type) {
            SpecificData model = SpecificData.getForClass(type);
            Schema schema = model.getSchema(type);
            return new Writer(SchemaIds.of(schema), datumWriter(type, schema, model));
        }
    };

    /** The change stream's records by their own writer (every committed change is one), any other by Avro's. */
    @SuppressWarnings("unchecked")
    private static DatumWriter<SpecificRecord> datumWriter(Class<?> type, Schema schema, SpecificData model) {
        if (type == FeedbackChange.class) {
            DatumWriter<?> changes = new FeedbackChangeWriter();
            return (DatumWriter<SpecificRecord>) changes;
        }
        return new SpecificDatumWriter<>(schema, model);
    }

    @Override
    public byte[] serialize(String topic, T event) {
        if (event == null) {
            return null;
        }
        Writer writer = writers.get(event.getClass());
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(ConfluentFraming.MAGIC_BYTE);
        out.write(writer.schemaId() >>> 24);
        out.write(writer.schemaId() >>> 16);
        out.write(writer.schemaId() >>> 8);
        out.write(writer.schemaId());
        BinaryEncoder encoder = ENCODERS.binaryEncoder(out, null);
        try {
            writer.datumWriter().write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + event.getClass().getSimpleName(), e);
        }
        return out.toByteArray();
    }
}
