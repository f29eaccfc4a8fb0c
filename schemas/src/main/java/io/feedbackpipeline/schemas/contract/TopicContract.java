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

    /** A topic's dead-letter twin is the topic's name with this suffix. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    public String deadLetterTopic() {
        return deadLetterTopicOf(name);
    }

    public static String deadLetterTopicOf(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
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
