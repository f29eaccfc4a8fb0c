package io.feedbackpipeline.processor.registry;

import static io.feedbackpipeline.processor.support.DltReader.header;
import static io.feedbackpipeline.processor.support.Pipeline.batch;
import static io.feedbackpipeline.processor.support.Pipeline.log;
import static io.feedbackpipeline.processor.support.Pipeline.rating;
import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.RegistryStandIn;
import io.feedbackpipeline.processor.config.ProcessorProperties;
import io.feedbackpipeline.processor.support.DltReader;
import io.feedbackpipeline.processor.support.Pipeline;
import io.feedbackpipeline.processor.support.ProcessorIT;
import io.feedbackpipeline.processor.support.Readiness;
import io.feedbackpipeline.schemas.contract.DeadLetterHeaders;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.history.SchemaIds;
import io.feedbackpipeline.schemas.serde.ConfluentFraming;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Records framed by Confluent's serializers ({@code 00} + schema id + Avro body), resolved through a schema
 * registry: projected like any other, dead-lettered when the id is unknown or its schema is not the topic's event,
 * and waited for, never dead-lettered, while the registry cannot be reached.
 */
@ProcessorIT
class ConfluentRecordsIT {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Schema FEEDBACK_V1 =
            Topics.FEEDBACK.valueType().history().get(0);
    private static final Schema LOG_V1 =
            Topics.COMPLETION_LOGS.valueType().history().get(0);

    @Value("${local.server.port}")
    int port;

    @Autowired
    ProcessorProperties properties;

    @Test
    @DisplayName("framed records are projected beside single-object ones; unknown and foreign ids are dead-lettered")
    void framedRecordsAreProjected(PipelineInfrastructure infrastructure) throws IOException {
        try (Pipeline pipeline = new Pipeline(infrastructure);
                DltReader feedbackDlt = new DltReader(infrastructure, Topics.FEEDBACK.deadLetterTopic());
                RegistryStandIn registry = registry()) {
            registry.start();
            UUID project = pipeline.newProject();
            int feedbackId = SchemaIds.of(FEEDBACK_V1);
            int logId = SchemaIds.of(LOG_V1);
            int unknownId = 424_242;

            publish(pipeline, Topics.FEEDBACK.name(), feedbackId, batch(project, T0, rating("framed", true, T0)));
            publish(pipeline, Topics.FEEDBACK.name(), unknownId, batch(project, T0, rating("unknown-id", true, T0)));
            publish(pipeline, Topics.FEEDBACK.name(), logId, log(project, "foreign", T0, "not feedback"));
            publish(pipeline, Topics.COMPLETION_LOGS.name(), logId, log(project, "logged", T0, "framed log"));
            pipeline.publish(batch(project, T0, rating("single-object", false, T0)), "k");
            pipeline.awaitCaughtUp(Duration.ofSeconds(30));

            assertThat(pipeline.feedbackRows(project))
                    .extracting(row -> row.get("usage_id"))
                    .containsExactly("framed", "single-object");
            assertThat(pipeline.log(project, "logged")).containsEntry("completion", "framed log");
            List<ConsumerRecord<byte[], byte[]>> parked = feedbackDlt.read(2);
            assertThat(parked)
                    .extracting(r -> header(r, DeadLetterHeaders.REASON))
                    .containsExactly("unknown-schema", "incompatible-schema");
            assertThat(header(parked.get(0), DeadLetterHeaders.DETAIL)).contains("unknown schema id " + unknownId);
            assertThat(header(parked.get(1), DeadLetterHeaders.DETAIL))
                    .contains("schema id " + logId, "cannot be read as FeedbackBatch");
        }
    }

    @Test
    @DisplayName("while the registry is unreachable the partition waits, reports why, and dead-letters nothing")
    void unreachableRegistryIsAnOutage(PipelineInfrastructure infrastructure) throws Exception {
        try (Pipeline pipeline = new Pipeline(infrastructure);
                RegistryStandIn registry = registry()) {
            UUID project = pipeline.newProject();
            // An external registry's own id, never seen by this processor: it has to be asked.
            int externalId = 30_000_000 + ThreadLocalRandom.current().nextInt(1_000_000);
            registry.register(externalId, FEEDBACK_V1);
            long deadLettersBefore = pipeline.deadLetterCount();

            publish(pipeline, Topics.FEEDBACK.name(), externalId, batch(project, T0, rating("waited", true, T0)));
            pipeline.publish(batch(project, T0, rating("behind-it", true, T0)), "k");

            String reason = new Readiness(port).awaitStallReason();
            assertThat(reason).endsWith("SchemaRegistryUnavailableException");
            assertThat(pipeline.feedbackRows(project))
                    .as("nothing skipped past the waiting record")
                    .isEmpty();

            registry.start();
            pipeline.awaitCaughtUp(Duration.ofSeconds(60));

            assertThat(pipeline.feedbackRows(project))
                    .extracting(row -> row.get("usage_id"))
                    .containsExactlyInAnyOrder("waited", "behind-it");
            assertThat(pipeline.deadLetterCount()).isEqualTo(deadLettersBefore);
            assertThat(new Readiness(port).get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("ids of the bundled history resolve in-process: projected while no registry runs at all")
    void bundledIdsNeedNoRegistry(PipelineInfrastructure infrastructure) throws IOException {
        try (Pipeline pipeline = new Pipeline(infrastructure)) {
            UUID project = pipeline.newProject();
            long deadLettersBefore = pipeline.deadLetterCount();

            publish(
                    pipeline,
                    Topics.FEEDBACK.name(),
                    SchemaIds.of(FEEDBACK_V1),
                    batch(project, T0, rating("a", true, T0)));
            publish(pipeline, Topics.COMPLETION_LOGS.name(), SchemaIds.of(LOG_V1), log(project, "a", T0, "logged"));
            pipeline.awaitCaughtUp(Duration.ofSeconds(30));

            assertThat(pipeline.feedbackRows(project))
                    .extracting(row -> row.get("usage_id"))
                    .containsExactly("a");
            assertThat(pipeline.log(project, "a")).containsEntry("completion", "logged");
            assertThat(pipeline.deadLetterCount()).isEqualTo(deadLettersBefore);
        }
    }

    /**
     * gitlab-org/gitlab#422449: one schema Avro refuses to parse (an invalid default throws AvroTypeException, not a
     * SchemaParseException) must cost its record only, never its partition.
     */
    @Test
    @DisplayName("a registry schema with an invalid default dead-letters its record as incompatible; the rest flows")
    void unparseableRegistrySchemaIsTheRecordsFault(PipelineInfrastructure infrastructure) throws IOException {
        try (Pipeline pipeline = new Pipeline(infrastructure);
                DltReader feedbackDlt = new DltReader(infrastructure, Topics.FEEDBACK.deadLetterTopic());
                RegistryStandIn registry = registry()) {
            UUID project = pipeline.newProject();
            int badId = 40_000_000 + ThreadLocalRandom.current().nextInt(1_000_000);
            registry.registerText(badId, """
                    {"type": "record", "name": "FeedbackBatch", "namespace": "io.feedbackpipeline.schemas",
                     "fields": [{"name": "x", "type": "string", "default": null}]}""");
            registry.start();

            publish(pipeline, Topics.FEEDBACK.name(), badId, batch(project, T0, rating("bad-schema", true, T0)));
            pipeline.publish(batch(project, T0, rating("behind-it", true, T0)), "k");
            pipeline.awaitCaughtUp(Duration.ofSeconds(30));

            assertThat(pipeline.feedbackRows(project))
                    .extracting(row -> row.get("usage_id"))
                    .containsExactly("behind-it");
            ConsumerRecord<byte[], byte[]> parked = feedbackDlt.read(1).get(0);
            assertThat(header(parked, DeadLetterHeaders.REASON)).isEqualTo("incompatible-schema");
            assertThat(header(parked, DeadLetterHeaders.DETAIL))
                    .contains("schema id " + badId, "Invalid default for field x");
        }
    }

    private RegistryStandIn registry() {
        return new RegistryStandIn(URI.create(properties.schemaRegistry().url()));
    }

    /**
     * What a Confluent Avro serializer of a producer built against version 1 writes (feedback batches as
     * {@code FEEDBACK_V1}, the schema these tests frame them with); the same key keeps every record of a test in one
     * partition.
     */
    private static void publish(Pipeline pipeline, String topic, int schemaId, SpecificRecord event)
            throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        Schema writer =
                event.getSchema().getFullName().equals(FEEDBACK_V1.getFullName()) ? FEEDBACK_V1 : event.getSchema();
        new SpecificDatumWriter<SpecificRecord>(
                        writer, Topics.FEEDBACK.valueType().model())
                .write(event, encoder);
        encoder.flush();
        pipeline.publishBytes(topic, "k", ConfluentFraming.frame(schemaId, body.toByteArray()));
    }
}
