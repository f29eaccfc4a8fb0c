package io.feedbackpipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.schemas.contract.TopicContract;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.history.SchemaIds;
import io.feedbackpipeline.schemas.serde.ConfluentSerializer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventRoundTripTest {

    @Test
    @DisplayName("a FeedbackBatch survives the topic serde unchanged, to the microsecond")
    void feedbackBatchRoundTrips() {
        FeedbackBatch batch = Events.feedbackBatch();

        FeedbackBatch decoded = roundTrip(Topics.FEEDBACK, batch);

        assertThat(decoded).isEqualTo(batch);
        assertThat(decoded.getReceivedAt()).isEqualTo(Events.MICROS);
        assertThat(decoded.getItems().get(1).getOccurredAt().getNano() % 1_000_000)
                .isEqualTo(457_000);
    }

    @Test
    @DisplayName("a CompletionLogged survives the topic serde unchanged")
    void completionLoggedRoundTrips() {
        CompletionLogged log = Events.completionLogged();

        assertThat(roundTrip(Topics.COMPLETION_LOGS, log)).isEqualTo(log);
    }

    @Test
    @DisplayName("a FeedbackChange survives the topic serde unchanged")
    void feedbackChangeRoundTrips() {
        FeedbackChange change = Events.feedbackChange();

        assertThat(roundTrip(Topics.FEEDBACK_CHANGES, change)).isEqualTo(change);
    }

    @Test
    @DisplayName("a FeedbackChange in Confluent's framing: 00, the id the registry serves, the body; read back")
    void confluentFramedChangeRoundTrips() {
        FeedbackChange change = Events.feedbackChange();
        byte[] bytes = new ConfluentSerializer<FeedbackChange>().serialize(Topics.FEEDBACK_CHANGES.name(), change);

        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt())
                .isEqualTo(SchemaIds.of(Topics.FEEDBACK_CHANGES.valueType().currentSchema()));
        assertThat(Topics.FEEDBACK_CHANGES.valueDeserializer().deserialize(Topics.FEEDBACK_CHANGES.name(), bytes))
                .isEqualTo(change);
    }

    @Test
    @DisplayName("the bytes on the wire are Avro single-object encoding: C3 01 + fingerprint of the current schema")
    void wireFormatIsSingleObjectEncoding() {
        for (TopicContract<?> topic : Topics.CONTRACTS) {
            SpecificRecord sample = topic == Topics.FEEDBACK
                    ? Events.feedbackBatch()
                    : topic == Topics.COMPLETION_LOGS ? Events.completionLogged() : Events.feedbackChange();
            byte[] bytes = serialize(topic, sample);

            assertThat(HexFormat.of().formatHex(bytes, 0, 2)).isEqualTo("c301");
            long fingerprint =
                    ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(fingerprint).isEqualTo(topic.valueType().currentFingerprint());
        }
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> byte[] serialize(TopicContract<V> topic, SpecificRecord event) {
        return topic.valueSerializer().serialize(topic.name(), (V) event);
    }

    private static <V extends SpecificRecord> V roundTrip(TopicContract<V> topic, V event) {
        byte[] bytes = topic.valueSerializer().serialize(topic.name(), event);
        return topic.valueDeserializer().deserialize(topic.name(), bytes);
    }
}
