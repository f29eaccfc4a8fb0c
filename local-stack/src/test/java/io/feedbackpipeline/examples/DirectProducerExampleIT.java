package io.feedbackpipeline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.localstack.junit.FeedbackRecords;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.localstack.junit.WithPipelineInfrastructure;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.feedbackpipeline.schemas.contract.TopicContract;
import io.feedbackpipeline.schemas.contract.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keeps docs/direct-producers.md true: its Java example works and its fingerprints are the bundled ones. */
@WithPipelineInfrastructure
class DirectProducerExampleIT {

    private static final Path GUIDE = Path.of("..", "docs", "direct-producers.md");

    @Test
    @DisplayName("the documented Java producer publishes a FeedbackBatch that reads back decoded")
    void documentedProducerWorks(PipelineInfrastructure infrastructure) throws Exception {
        UUID project = UUID.randomUUID();
        RecordMetadata written;
        try (DirectProducerExample example = new DirectProducerExample(infrastructure.bootstrapServers())) {
            written = example.rate(project, "completion-123", true);
        }

        FeedbackBatch read = FeedbackRecords.readAt(infrastructure.bootstrapServers(), written);
        assertThat(read.getProjectId()).isEqualTo(project);
        assertThat(read.getSource()).isEqualTo(FeedbackSource.DIRECT_PRODUCER);
        assertThat(read.getItems()).singleElement().satisfies(item -> {
            assertThat(item.getUsageId()).isEqualTo("completion-123");
            assertThat(item.getFlag()).isTrue();
        });
    }

    @Test
    @DisplayName("the guide shows the example's code and the current fingerprint of every topic's schema")
    void guideIsCurrent() throws Exception {
        String guide = Files.readString(GUIDE);
        String example =
                Files.readString(Path.of("src/test/java/io/feedbackpipeline/examples/DirectProducerExample.java"));
        String documented = example.substring(example.indexOf("public final class"), example.indexOf("// --- end"));

        assertThat(guide).contains(documented.strip());
        for (TopicContract<?> topic : Topics.INPUTS) {
            assertThat(guide).contains("0x%016x".formatted(topic.valueType().currentFingerprint()));
        }
    }
}
