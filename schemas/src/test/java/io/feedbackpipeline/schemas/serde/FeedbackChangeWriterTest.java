package io.feedbackpipeline.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackChange;
import io.feedbackpipeline.schemas.FeedbackValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The change relay's hand-written writer against Avro's own, byte for byte, over random changes. */
class FeedbackChangeWriterTest {

    private static final String[] TEXTS = {"", "fine", "é ✓ 🙂", "a,b\"c", "x".repeat(300)};

    @Test
    @DisplayName("the same bytes as SpecificDatumWriter for 20,000 random changes: nulls, edge values, old instants")
    void writesWhatAvroWrites() throws IOException {
        Random random = new Random(20261205);
        DatumWriter<FeedbackChange> avro = new SpecificDatumWriter<>(FeedbackChange.class);
        FeedbackChangeWriter ours = new FeedbackChangeWriter();
        for (int i = 0; i < 20_000; i++) {
            FeedbackChange change = change(random);
            assertThat(bytes(ours, change)).as("change %d: %s", i, change).isEqualTo(bytes(avro, change));
        }
    }

    @Test
    @DisplayName("bound to FeedbackChange's schema: any other is refused")
    void refusesOtherSchemas() {
        FeedbackChangeWriter writer = new FeedbackChangeWriter();
        writer.setSchema(FeedbackChange.getClassSchema());
        assertThatThrownBy(() -> writer.setSchema(CompletionLogged.getClassSchema()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static FeedbackChange change(Random random) {
        return new FeedbackChange(
                new UUID(random.nextLong(), random.nextLong()),
                random.nextBoolean() ? "usage-" + random.nextInt(1000) : text(random, false),
                random.nextInt(5) == 0 ? random.nextInt() : 1 + random.nextInt(200),
                random.nextInt(3) == 0 ? null : value(random),
                random.nextInt(20) == 0 ? null : value(random),
                instant(random),
                new UUID(random.nextLong(), random.nextLong()),
                random.nextInt(5) == 0 ? random.nextInt() : random.nextInt(100),
                instant(random),
                random.nextBoolean() ? "projection" : "rebuild");
    }

    private static FeedbackValue value(Random random) {
        double[] edges = {0.0, -0.0, 1.5, -3.25, Double.MAX_VALUE, Double.MIN_VALUE, Double.NaN};
        return new FeedbackValue(
                random.nextBoolean() ? null : random.nextBoolean(),
                random.nextBoolean()
                        ? null
                        : random.nextBoolean() ? edges[random.nextInt(edges.length)] : random.nextDouble(),
                text(random, true),
                text(random, true));
    }

    private static String text(Random random, boolean nullable) {
        if (nullable && random.nextBoolean()) {
            return null;
        }
        return TEXTS[random.nextInt(TEXTS.length)];
    }

    /** Microsecond instants, before 1970 too (where the conversion's rounding differs), as the pipeline writes them. */
    private static Instant instant(Random random) {
        long micros = random.nextInt(4) == 0
                ? -random.nextLong(4_000_000_000_000_000L)
                : random.nextLong(4_000_000_000_000_000L);
        return Instant.EPOCH
                .plusSeconds(Math.floorDiv(micros, 1_000_000L))
                .plusNanos(Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static byte[] bytes(DatumWriter<FeedbackChange> writer, FeedbackChange change) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        writer.write(change, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
