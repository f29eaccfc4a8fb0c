package io.feedbackpipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.registry.BundledRegistry;
import io.feedbackpipeline.schemas.registry.RegisteredSchema;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BundledRegistryTest {

    private static final int FEEDBACK_V1_ID = 242759905;
    private static final int FEEDBACK_V2_ID = 312774210;
    private static final int COMPLETION_LOGGED_V1_ID = 1097835113;

    private final BundledRegistry registry = BundledRegistry.ofPipeline();

    @Test
    @DisplayName("one subject per topic, named by the topic-name strategy, with the released versions")
    void subjectsFollowTheTopicNameStrategy() {
        assertThat(registry.subjects())
                .containsExactly("feedback.v1-value", "completion-logs.v1-value", "feedback-changes.v1-value");
        assertThat(registry.versions("feedback.v1-value"))
                .extracting(RegisteredSchema::schema)
                .containsExactlyElementsOf(Topics.FEEDBACK.valueType().history());
        assertThat(registry.latest("completion-logs.v1-value").orElseThrow().schema())
                .isEqualTo(Topics.COMPLETION_LOGS.valueType().history().get(0));
        assertThat(registry.versions("feedback.v1-key")).isEmpty();
        assertThat(registry.version("feedback.v1-value", 3)).isEmpty();
    }

    @Test
    @DisplayName("ids are pinned: derived from the released schemas, they must never change")
    void idsAreStable() {
        // Producers and registries cache these ids; a change here breaks every record framed with the old one.
        assertThat(registry.version("feedback.v1-value", 1).orElseThrow().id()).isEqualTo(FEEDBACK_V1_ID);
        assertThat(registry.version("feedback.v1-value", 2).orElseThrow().id()).isEqualTo(FEEDBACK_V2_ID);
        assertThat(registry.latest("completion-logs.v1-value").orElseThrow().id())
                .isEqualTo(COMPLETION_LOGGED_V1_ID);
        assertThat(registry.schema(FEEDBACK_V1_ID))
                .contains(Topics.FEEDBACK.valueType().history().get(0));
        assertThat(registry.schema(12345)).isEmpty();
    }

    @Test
    @DisplayName("a schema is found by its canonical form: docs and formatting do not change what it is")
    void findByCanonicalForm() {
        Schema released = Topics.FEEDBACK.valueType().history().get(0);
        Schema withoutDocs = new Schema.Parser().parse(released.toString(true).replaceAll("\"doc\" : \"[^\"]*\",", ""));

        assertThat(registry.find("feedback.v1-value", withoutDocs))
                .map(RegisteredSchema::version)
                .contains(1);
        assertThat(registry.find("completion-logs.v1-value", withoutDocs)).isEmpty();
    }
}
