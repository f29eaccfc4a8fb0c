package io.feedbackpipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.history.SchemaIds;
import io.feedbackpipeline.schemas.serde.ConfluentFraming;
import io.feedbackpipeline.schemas.serde.EventDeserializer;
import io.feedbackpipeline.schemas.serde.IncompatibleSchemaException;
import io.feedbackpipeline.schemas.serde.MalformedEventException;
import io.feedbackpipeline.schemas.serde.SchemaRegistryUnavailableException;
import io.feedbackpipeline.schemas.serde.UnknownSchemaException;
import io.feedbackpipeline.schemas.serde.WriterSchemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Records framed as Confluent's serializers frame them: {@code 00}, a 4-byte schema id, the Avro body. */
class ConfluentDecodingTest {

    private static final Schema FEEDBACK_V1 =
            Topics.FEEDBACK.valueType().history().get(0);
    private static final int FEEDBACK_V1_ID = SchemaIds.of(FEEDBACK_V1);
    private static final Schema CURRENT = Topics.FEEDBACK.valueType().currentSchema();
    private static final int CURRENT_ID = SchemaIds.of(CURRENT);
    /** An id an external registry assigned, outside the bundled history. */
    private static final int EXTERNAL_ID = 12_345;

    private final EventDeserializer<FeedbackBatch> bundled = new EventDeserializer<>(Topics.FEEDBACK.valueType());

    @Test
    @DisplayName("a record framed with a bundled version's id reads like its single-object twin")
    void bundledIdDecodes() throws IOException {
        FeedbackBatch batch = Events.feedbackBatch();

        FeedbackBatch decoded = bundled.deserialize("t", ConfluentFraming.frame(CURRENT_ID, body(batch)));

        assertThat(decoded).isEqualTo(batch);
        assertThat(decoded)
                .isEqualTo(bundled.deserialize(
                        "t", Topics.FEEDBACK.valueSerializer().serialize("t", batch)));
    }

    @Test
    @DisplayName("a writer schema the registry knows is resolved against the current one (Avro schema resolution)")
    void compatibleWriterSchemaIsResolved() throws IOException {
        // A producer's own copy of the contract with request_id left out: resolution fills in its default.
        Schema writer = withoutField(CURRENT, "request_id");
        FeedbackBatch batch = Events.feedbackBatch();
        GenericRecord record = new GenericDatumReader<GenericRecord>(CURRENT, writer)
                .read(null, DecoderFactory.get().binaryDecoder(body(batch), null));
        EventDeserializer<FeedbackBatch> deserializer =
                new EventDeserializer<>(Topics.FEEDBACK.valueType(), id -> writer);

        FeedbackBatch decoded = deserializer.deserialize("t", ConfluentFraming.frame(77, genericBody(writer, record)));

        assertThat(decoded.getEventId()).isEqualTo(batch.getEventId());
        assertThat(decoded.getItems()).isEqualTo(batch.getItems());
        assertThat(decoded.getRequestId()).isNull();
    }

    @Test
    @DisplayName("a record a producer of version 1 wrote (no end_user_id) still reads, with end_user_id null")
    void versionOneRecordsStillRead() throws IOException {
        FeedbackBatch batch = Events.feedbackBatch();
        GenericRecord asVersionOne = new GenericDatumReader<GenericRecord>(CURRENT, FEEDBACK_V1)
                .read(null, DecoderFactory.get().binaryDecoder(body(batch), null));

        FeedbackBatch decoded = bundled.deserialize(
                "t", ConfluentFraming.frame(FEEDBACK_V1_ID, genericBody(FEEDBACK_V1, asVersionOne)));

        assertThat(decoded.getEventId()).isEqualTo(batch.getEventId());
        assertThat(decoded.getItems()).isEqualTo(batch.getItems());
        assertThat(decoded.getEndUserId()).isNull();
    }

    @Test
    @DisplayName("an id nobody knows is UnknownSchemaException naming the id: a poison record")
    void unknownIdIsBadData() throws IOException {
        byte[] framed = ConfluentFraming.frame(424242, body(Events.feedbackBatch()));

        assertThatThrownBy(() -> bundled.deserialize("t", framed))
                .isInstanceOf(UnknownSchemaException.class)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("424242");
    }

    @Test
    @DisplayName("a registered schema of another record type is IncompatibleSchemaException naming the id")
    void otherRecordTypeIsIncompatible() throws IOException {
        Schema completionLog = Topics.COMPLETION_LOGS.valueType().currentSchema();
        int completionLogId = SchemaIds.of(completionLog);
        EventDeserializer<FeedbackBatch> deserializer =
                new EventDeserializer<>(Topics.FEEDBACK.valueType(), id -> completionLog);

        assertThatThrownBy(() -> deserializer.deserialize(
                        "t", ConfluentFraming.frame(completionLogId, body(Events.completionLogged()))))
                .isInstanceOf(IncompatibleSchemaException.class)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id " + completionLogId)
                .hasMessageContaining("FeedbackBatch");
    }

    @Test
    @DisplayName("a registry that cannot answer is an outage, not a poison record, and is asked again next time")
    void registryOutageIsNotBadData() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        WriterSchemas down = id -> {
            if (asked.incrementAndGet() == 1) {
                throw new SchemaRegistryUnavailableException("registry down", null);
            }
            return CURRENT;
        };
        EventDeserializer<FeedbackBatch> deserializer = new EventDeserializer<>(Topics.FEEDBACK.valueType(), down);
        byte[] framed = ConfluentFraming.frame(EXTERNAL_ID, body(Events.feedbackBatch()));

        assertThatThrownBy(() -> deserializer.deserialize("t", framed))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .isNotInstanceOf(SerializationException.class);
        assertThat(deserializer.deserialize("t", framed)).isEqualTo(Events.feedbackBatch());
        deserializer.deserialize("t", framed);
        assertThat(asked).as("a resolved id is kept").hasValue(2);
    }

    @Test
    @DisplayName("an id of the bundled history resolves in-process: the external registry is never asked for it")
    void bundledIdsNeverAskTheRegistry() throws IOException {
        AtomicInteger asked = new AtomicInteger();
        WriterSchemas external = id -> {
            asked.incrementAndGet();
            throw new SchemaRegistryUnavailableException("registry down", null);
        };
        EventDeserializer<FeedbackBatch> deserializer = new EventDeserializer<>(Topics.FEEDBACK.valueType(), external);

        assertThat(deserializer.deserialize("t", ConfluentFraming.frame(CURRENT_ID, body(Events.feedbackBatch()))))
                .isEqualTo(Events.feedbackBatch());
        assertThat(asked).hasValue(0);
    }

    @Test
    @DisplayName("a short header, a truncated body or bytes after the record are malformed, with the id")
    void malformedFramedRecords() throws IOException {
        byte[] whole = ConfluentFraming.frame(CURRENT_ID, body(Events.feedbackBatch()));
        byte[] trailing = Arrays.copyOf(whole, whole.length + 3);

        assertThatThrownBy(() -> bundled.deserialize("t", new byte[] {0, 0, 1}))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("5-byte header");
        assertThatThrownBy(() -> bundled.deserialize("t", Arrays.copyOf(whole, whole.length - 4)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("schema id " + CURRENT_ID);
        assertThatThrownBy(() -> bundled.deserialize("t", trailing))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("left over");
    }

    private static <T extends SpecificRecord> byte[] body(T event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<T>(
                        event.getSchema(), Topics.FEEDBACK.valueType().model())
                .write(event, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] genericBody(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(
                        schema, Topics.FEEDBACK.valueType().model())
                .write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static Schema withoutField(Schema schema, String dropped) {
        List<Schema.Field> fields = schema.getFields().stream()
                .filter(f -> !f.name().equals(dropped))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
