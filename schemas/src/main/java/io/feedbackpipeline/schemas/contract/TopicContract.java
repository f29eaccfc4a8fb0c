package io.feedbackpipeline.schemas.contract;

import io.feedbackpipeline.schemas.serde.EventDeserializer;
import io.feedbackpipeline.schemas.serde.EventSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Everything a producer or consumer must agree on for one topic: its name, its String key, its value type and
 * the serde of that value. Records that cannot be processed go to {@link #deadLetterTopic()}.
 */
public record TopicContract<V extends SpecificRecord>(String name, EventType<V> valueType) {

    public String deadLetterTopic() {
        return name + ".dlt";
    }

    public Serializer<String> keySerializer() {
        return Serdes.String().serializer();
    }

    public Deserializer<String> keyDeserializer() {
        return Serdes.String().deserializer();
    }

    public Serializer<V> valueSerializer() {
        return new EventSerializer<>();
    }

    public Deserializer<V> valueDeserializer() {
        return new EventDeserializer<>(valueType);
    }
}
