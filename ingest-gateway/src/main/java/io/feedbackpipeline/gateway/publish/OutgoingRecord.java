package io.feedbackpipeline.gateway.publish;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** One record to publish: topic, key, the event and its headers (UTF-8 text). */
record OutgoingRecord(String topic, String key, SpecificRecord event, Map<String, String> headers) {}
