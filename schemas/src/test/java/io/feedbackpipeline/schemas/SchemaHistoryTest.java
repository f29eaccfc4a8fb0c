package io.feedbackpipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.schemas.contract.TopicContract;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.history.CompatibilityRule;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Guards the append-only schema history of every topic's event type: this test is what fails the build. */
class SchemaHistoryTest {

    static Stream<TopicContract<?>> topics() {
        return Topics.CONTRACTS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    @DisplayName("the generated class is exactly the latest released version (a change needs a new vN.avsc)")
    void currentSchemaIsTheLatestReleasedVersion(TopicContract<?> topic) {
        List<Schema> history = topic.valueType().history();
        Schema latest = history.get(history.size() - 1);

        assertThat(topic.valueType().currentSchema())
                .as(
                        "src/main/avro/%s.avsc differs from its latest history version; copy it to history/%s/v%d.avsc",
                        topic.valueType().name(), topic.valueType().name(), history.size() + 1)
                .isEqualTo(latest);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    @DisplayName("every released version is backward and forward compatible with every earlier one")
    void everyVersionIsFullyCompatibleWithEveryEarlierOne(TopicContract<?> topic) {
        assertThat(CompatibilityRule.check(topic.valueType().history())).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    @DisplayName("released versions have distinct fingerprints, so a reader can always tell them apart")
    void fingerprintsAreDistinct(TopicContract<?> topic) {
        List<Long> fingerprints = topic.valueType().history().stream()
                .map(SchemaNormalization::parsingFingerprint64)
                .toList();

        assertThat(fingerprints).doesNotHaveDuplicates();
    }
}
