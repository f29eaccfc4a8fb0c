package io.feedbackpipeline.schemas.serde;

import io.feedbackpipeline.schemas.FeedbackChange;
import io.feedbackpipeline.schemas.FeedbackValue;
import java.io.IOException;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Writes a {@link FeedbackChange}'s Avro body field by field, in its schema's order. The change relay writes every
 * change the pipeline commits, and Avro's {@code SpecificDatumWriter}, which walks the schema for each record
 * (resolving each union by the value's schema name, converting each logical type through a lookup), took a third of
 * the relay's time in a profile (docs/benchmarks.md). {@code FeedbackChangeWriterTest} holds it to the same bytes as
 * {@code SpecificDatumWriter} over random changes; a change to the schema that it does not follow fails that test.
 */
final class FeedbackChangeWriter implements DatumWriter<FeedbackChange> {

    /** The union branches of the schema's nullable fields: null first. */
    private static final int NULL = 0;

    private static final int PRESENT = 1;

    private static final TimeConversions.TimestampMicrosConversion MICROS =
            new TimeConversions.TimestampMicrosConversion();

    @Override
    public void setSchema(Schema schema) {
        if (!schema.equals(FeedbackChange.getClassSchema())) {
            throw new IllegalArgumentException("writes FeedbackChange's own schema only, not " + schema.getFullName());
        }
    }

    @Override
    public void write(FeedbackChange change, Encoder out) throws IOException {
        out.writeString(change.getProjectId().toString());
        out.writeString(change.getUsageId());
        out.writeInt(change.getFeedbackTypeId());
        write(change.getBefore(), out);
        write(change.getAfter(), out);
        out.writeLong(micros(change.getOccurredAt()));
        out.writeString(change.getEventId().toString());
        out.writeInt(change.getItemIndex());
        out.writeLong(micros(change.getCommittedAt()));
        out.writeString(change.getCause());
    }

    private static void write(FeedbackValue value, Encoder out) throws IOException {
        if (value == null) {
            out.writeIndex(NULL);
            return;
        }
        out.writeIndex(PRESENT);
        if (value.getFlag() == null) {
            out.writeIndex(NULL);
        } else {
            out.writeIndex(PRESENT);
            out.writeBoolean(value.getFlag());
        }
        if (value.getValue() == null) {
            out.writeIndex(NULL);
        } else {
            out.writeIndex(PRESENT);
            out.writeDouble(value.getValue());
        }
        writeNullable(value.getComment(), out);
        writeNullable(value.getTag(), out);
    }

    private static void writeNullable(String text, Encoder out) throws IOException {
        if (text == null) {
            out.writeIndex(NULL);
        } else {
            out.writeIndex(PRESENT);
            out.writeString(text);
        }
    }

    /** Avro's own conversion, so instants before 1970 round as the generated class's do. */
    private static long micros(Instant instant) {
        return MICROS.toLong(instant, null, null);
    }
}
