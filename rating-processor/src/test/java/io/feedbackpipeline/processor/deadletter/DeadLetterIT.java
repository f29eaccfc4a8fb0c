package io.feedbackpipeline.processor.deadletter;

import static io.feedbackpipeline.processor.support.DltReader.header;
import static io.feedbackpipeline.processor.support.Pipeline.batch;
import static io.feedbackpipeline.processor.support.Pipeline.log;
import static io.feedbackpipeline.processor.support.Pipeline.rating;
import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.processor.support.DltReader;
import io.feedbackpipeline.processor.support.Pipeline;
import io.feedbackpipeline.processor.support.ProcessorIT;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.contract.DeadLetterHeaders;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.EventSerializer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@ProcessorIT
class DeadLetterIT {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    @DisplayName(
            "garbage, an unknown fingerprint and invalid events go to the DLT with headers; valid ones beside them apply")
    void poisonRecordsAreParked(PipelineInfrastructure infrastructure) {
        try (Pipeline pipeline = new Pipeline(infrastructure);
                DltReader feedbackDlt = new DltReader(infrastructure, Topics.FEEDBACK.deadLetterTopic());
                DltReader logDlt = new DltReader(infrastructure, Topics.COMPLETION_LOGS.deadLetterTopic())) {
            UUID project = pipeline.newProject();
            String marker = "poison-" + UUID.randomUUID();
            byte[] unknownFingerprint =
                    new EventSerializer<>().serialize("t", batch(project, T0, rating("x", true, T0)));
            Arrays.fill(unknownFingerprint, 2, 10, (byte) 0x42);

            pipeline.publish(batch(project, T0, rating("before", true, T0)), "k");
            pipeline.publishBytes(Topics.FEEDBACK.name(), "k", (marker + " is not avro").getBytes());
            pipeline.publishBytes(Topics.FEEDBACK.name(), "k", unknownFingerprint);
            pipeline.publish(
                    batch(
                            project,
                            T0,
                            FeedbackItem.newBuilder()
                                    .setUsageId(marker)
                                    .setFeedbackTypeId(1)
                                    .setFlag(true)
                                    .setTag("t".repeat(121))
                                    .setOccurredAt(T0)
                                    .build()),
                    "k");
            pipeline.publish(
                    batch(
                            project,
                            T0,
                            FeedbackItem.newBuilder()
                                    .setUsageId(marker)
                                    .setFeedbackTypeId(987654)
                                    .setFlag(true)
                                    .setOccurredAt(T0)
                                    .build()),
                    "k");
            pipeline.publish(batch(UUID.randomUUID(), T0, rating(marker, true, T0)), "k");
            pipeline.publishBytes(Topics.COMPLETION_LOGS.name(), "k", new byte[] {(byte) 0xC3, 0x01, 1, 2});
            pipeline.publish(log(project, "logged", T0, "fine"), "k");
            pipeline.publish(batch(project, T0, rating("after", false, T0)), "k");
            pipeline.awaitCaughtUp(Duration.ofSeconds(30));

            assertThat(pipeline.feedbackRows(project))
                    .extracting(row -> row.get("usage_id"))
                    .containsExactly("after", "before");
            assertThat(pipeline.log(project, "logged")).containsEntry("completion", "fine");

            List<ConsumerRecord<byte[], byte[]>> parked = feedbackDlt.read(5);
            assertThat(parked)
                    .extracting(r -> header(r, DeadLetterHeaders.REASON))
                    .containsExactly(
                            "undecodable", "unknown-schema", "invalid-event", "invalid-event", "invalid-event");
            assertThat(parked).allSatisfy(r -> {
                assertThat(header(r, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo("feedback.v1");
                assertThat(header(r, DeadLetterHeaders.ORIGINAL_PARTITION)).matches("\\d+");
                assertThat(header(r, DeadLetterHeaders.ORIGINAL_OFFSET)).matches("\\d+");
                assertThat(header(r, DeadLetterHeaders.EXCEPTION)).isNotBlank();
                assertThat(header(r, DeadLetterHeaders.DETAIL)).isNotBlank();
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("k");
            });
            assertThat(new String(parked.get(0).value(), StandardCharsets.UTF_8))
                    .startsWith(marker);
            assertThat(header(parked.get(0), DeadLetterHeaders.EXCEPTION)).endsWith("MalformedEventException");
            assertThat(header(parked.get(1), DeadLetterHeaders.EXCEPTION)).endsWith("UnknownSchemaException");
            assertThat(header(parked.get(2), DeadLetterHeaders.DETAIL)).contains("tag", "120");
            assertThat(header(parked.get(3), DeadLetterHeaders.DETAIL)).contains("unknown feedback type 987654");
            assertThat(header(parked.get(4), DeadLetterHeaders.DETAIL)).contains("unknown project");
            assertThat(logDlt.read(1))
                    .extracting(r -> header(r, DeadLetterHeaders.REASON))
                    .containsExactly("undecodable");
        }
    }

    @Test
    @DisplayName("a dead letter too large for the DLT is sent without its value, and the partition goes on")
    void deadLetterTooLargeForItsTopic(PipelineInfrastructure infrastructure) {
        try (Pipeline pipeline = new Pipeline(infrastructure);
                DltReader feedbackDlt = new DltReader(infrastructure, Topics.FEEDBACK.deadLetterTopic())) {
            UUID project = pipeline.newProject();
            // Fits the topic (1 MiB), but not once the dead-letter headers are added.
            byte[] garbage = new byte[1_048_400];
            Arrays.fill(garbage, (byte) 'x');
            pipeline.publishBytes(Topics.FEEDBACK.name(), "big", garbage);
            pipeline.publish(batch(project, T0, rating("after-big", true, T0)), "big");
            pipeline.awaitCaughtUp(Duration.ofSeconds(30));

            ConsumerRecord<byte[], byte[]> letter = feedbackDlt.read(1).get(0);
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("undecodable");
            assertThat(header(letter, DeadLetterHeaders.VALUE_OMITTED)).contains("1048400 bytes");
            assertThat(letter.value()).isNull();
            assertThat(header(letter, DeadLetterHeaders.ORIGINAL_OFFSET)).matches("\\d+");
            assertThat(pipeline.feedbackRows(project))
                    .extracting(row -> row.get("usage_id"))
                    .containsExactly("after-big");
        }
    }

    @Test
    @DisplayName("a record that decompresses past the size bound is dead-lettered unread as too-large")
    void recordOverTheSizeBound(PipelineInfrastructure infrastructure) throws Exception {
        try (Pipeline pipeline = new Pipeline(infrastructure);
                DltReader feedbackDlt = new DltReader(infrastructure, Topics.FEEDBACK.deadLetterTopic());
                KafkaProducer<byte[], byte[]> compressing = new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                infrastructure.bootstrapServers(),
                                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                                "zstd",
                                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                                16 * 1024 * 1024),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            UUID project = pipeline.newProject();
            // A few KiB on the wire, past the bound once decompressed: a compression bomb.
            byte[] bomb = new byte[ProcessorIT.MAX_RECORD_BYTES + 1];
            compressing
                    .send(new ProducerRecord<>(Topics.FEEDBACK.name(), "bomb".getBytes(), bomb))
                    .get();
            pipeline.publish(batch(project, T0, rating("after-bomb", true, T0)), "bomb");
            pipeline.awaitCaughtUp(Duration.ofSeconds(30));

            ConsumerRecord<byte[], byte[]> letter = feedbackDlt.read(1).get(0);
            assertThat(header(letter, DeadLetterHeaders.REASON)).isEqualTo("too-large");
            assertThat(header(letter, DeadLetterHeaders.DETAIL)).contains("2,097,153 bytes");
            assertThat(letter.value()).isNull();
            assertThat(pipeline.feedbackRows(project))
                    .extracting(row -> row.get("usage_id"))
                    .containsExactly("after-bomb");
        }
    }
}
