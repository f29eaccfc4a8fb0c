package io.feedbackpipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.feedbackpipeline.schemas.contract.EventType;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.FastReaderBuilder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ContractModelTest {

    private final SpecificData model = EventType.of(FeedbackBatch.class).model();

    @Test
    @DisplayName("the contract's readers are Avro's fast readers, planned once per schema pair")
    void readersAreFastReaders() {
        Schema schema = FeedbackBatch.getClassSchema();
        DatumReader<?> reader = model.createDatumReader(schema, schema);

        assertThat(reader.getClass().getEnclosingClass()).isEqualTo(FastReaderBuilder.class);
    }

    @Test
    @DisplayName("a fast reader instantiates no class outside the contract's namespace, whatever the schema names")
    void noClassOutsideTheContract() throws Exception {
        Schema outside = SchemaBuilder.record("ProcessBuilder")
                .namespace("java.lang")
                .fields()
                .requiredString("command")
                .endRecord();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<GenericData.Record>(outside)
                .write(new GenericRecordBuilder(outside).set("command", "id").build(), encoder);
        encoder.flush();

        AtomicReference<Object> decoded = new AtomicReference<>();
        Throwable refused = catchThrowable(() -> decoded.set(model.createDatumReader(outside, outside)
                .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null))));

        assertThat(decoded.get()).as("what was decoded").isNull();
        assertThat(refused).as("Avro's class check").isInstanceOf(SecurityException.class);
    }
}
