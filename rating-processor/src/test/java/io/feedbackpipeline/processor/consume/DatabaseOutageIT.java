package io.feedbackpipeline.processor.consume;

import static io.feedbackpipeline.processor.support.Pipeline.batch;
import static io.feedbackpipeline.processor.support.Pipeline.rating;
import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.processor.support.Pipeline;
import io.feedbackpipeline.processor.support.ProcessorIT;
import io.feedbackpipeline.schemas.contract.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ProcessorIT
class DatabaseOutageIT {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Autowired
    MeterRegistry meters;

    @Test
    @DisplayName("with PostgreSQL down during a stream, the processor pauses and retries, then applies every event; no DLT")
    void outagePausesAndResumes(PipelineInfrastructure infrastructure) throws Exception {
        try (Pipeline pipeline = new Pipeline(infrastructure)) {
            UUID project = pipeline.newProject();
            pipeline.publish(batch(project, T0, rating("warm-up", true, T0)), "w");
            pipeline.awaitCaughtUp(Duration.ofSeconds(30));
            long deadLettersBefore = deadLetterCount(infrastructure);
            double retriesBefore = meters.counter("feedback.processor.retries").count();

            infrastructure.postgres().stop();
            try {
                for (int i = 0; i < 60; i++) {
                    pipeline.publish(batch(project, T0, rating("during-" + i, i % 2 == 0, T0.plusSeconds(i))),
                            "k" + i);
                    Thread.sleep(25);
                }
                Thread.sleep(6_000); // longer than the 3 s connection timeout: the processor fails and backs off
            } finally {
                infrastructure.postgres().start();
            }
            pipeline.awaitCaughtUp(Duration.ofSeconds(60));

            List<Map<String, Object>> rows = pipeline.feedbackRows(project);
            assertThat(rows).hasSize(61);
            assertThat(rows).filteredOn(r -> r.get("usage_id").equals("during-7")).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("flag", false));
            assertThat(deadLetterCount(infrastructure)).as("nothing dead-lettered for an outage")
                    .isEqualTo(deadLettersBefore);
            assertThat(meters.counter("feedback.processor.retries").count()).isGreaterThan(retriesBefore);
        }
    }

    private static long deadLetterCount(PipelineInfrastructure infrastructure) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infrastructure.bootstrapServers()))) {
            String topic = Topics.FEEDBACK.deadLetterTopic();
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get().values().stream().mapToLong(info -> info.offset()).sum();
        }
    }
}
