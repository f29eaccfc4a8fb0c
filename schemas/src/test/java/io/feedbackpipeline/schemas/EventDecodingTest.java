package io.feedbackpipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedbackpipeline.schemas.contract.EventType;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.EventDeserializer;
import io.feedbackpipeline.schemas.serde.MalformedEventException;
import io.feedbackpipeline.schemas.serde.UnknownSchemaException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventDecodingTest {

    private final EventDeserializer<CompletionLogged> deserializer =
            new EventDeserializer<>(Topics.COMPLETION_LOGS.valueType());

    @Test
    @DisplayName("bytes written with an older bundled version are read into the current class by fingerprint")
    void olderBundledVersionIsResolvedByFingerprint() throws Exception {
        // An imagined v0 without request_id and values: data written with it must read with defaults.
        Schema current = CompletionLogged.getClassSchema();
        Schema older = withoutFields(current, "request_id", "values");
        EventType<CompletionLogged> type = new EventType<>(CompletionLogged.class, current, List.of(older, current));
        CompletionLogged sample = Events.completionLogged();
        GenericRecord old = new GenericRecordBuilder(older)
                .set("event_id", sample.getEventId().toString())
                .set("emitted_at", 1_000L)
                .set("usage_id", sample.getUsageId())
                .set("project_id", sample.getProjectId().toString())
                .set("created_at", 2_000L)
                .set("model", "m")
                .build();
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old);

        CompletionLogged decoded = new EventDeserializer<>(type).deserialize("t", toArray(bytes));

        assertThat(decoded.getUsageId()).isEqualTo(sample.getUsageId());
        assertThat(decoded.getModel()).isEqualTo("m");
        assertThat(decoded.getValues()).isEmpty();
        assertThat(decoded.getRequestId()).isNull();
    }

    @Test
    @DisplayName("an unknown fingerprint raises UnknownSchemaException naming the fingerprint")
    void unknownFingerprint() {
        byte[] bytes = Topics.COMPLETION_LOGS.valueSerializer().serialize("t", Events.completionLogged());
        Arrays.fill(bytes, 2, 10, (byte) 0x5A);

        assertThatThrownBy(() -> deserializer.deserialize("t", bytes))
                .isInstanceOf(UnknownSchemaException.class)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("0x5a5a5a5a5a5a5a5a");
    }

    @Test
    @DisplayName("a FeedbackBatch fingerprint is unknown to the CompletionLogged reader")
    void otherEventTypeIsUnknown() {
        byte[] bytes = Topics.FEEDBACK.valueSerializer().serialize("t", Events.feedbackBatch());

        assertThatThrownBy(() -> deserializer.deserialize("t", bytes)).isInstanceOf(UnknownSchemaException.class);
    }

    @Test
    @DisplayName("garbage, truncated, and empty values raise MalformedEventException")
    void corruptBytes() {
        byte[] valid = Topics.COMPLETION_LOGS.valueSerializer().serialize("t", Events.completionLogged());
        byte[] truncated = Arrays.copyOf(valid, valid.length / 2);
        byte[] corruptBody = valid.clone();
        Arrays.fill(corruptBody, 10, Math.min(corruptBody.length, 40), (byte) 0xFF);

        for (byte[] bad :
                List.of("not avro at all".getBytes(), truncated, corruptBody, new byte[] {(byte) 0xC3}, new byte[0])) {
            assertThatThrownBy(() -> deserializer.deserialize("t", bad))
                    .as("%d bytes", bad.length)
                    .isInstanceOf(MalformedEventException.class);
        }
        assertThatThrownBy(() -> deserializer.deserialize("t", null)).isInstanceOf(MalformedEventException.class);
    }

    @Test
    @DisplayName("the fingerprint is the CRC-64-AVRO of the parsing canonical form")
    void fingerprintIsTheSpecifiedOne() {
        EventType<FeedbackBatch> type = Topics.FEEDBACK.valueType();

        assertThat(type.currentFingerprint())
                .isEqualTo(SchemaNormalization.parsingFingerprint64(FeedbackBatch.getClassSchema()));
    }

    private static Schema withoutFields(Schema schema, String... dropped) {
        List<String> drop = List.of(dropped);
        List<Schema.Field> fields = schema.getFields().stream()
                .filter(f -> !drop.contains(f.name()))
                .map(f -> new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private static byte[] toArray(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
