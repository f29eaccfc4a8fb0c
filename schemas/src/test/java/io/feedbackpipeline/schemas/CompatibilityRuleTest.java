package io.feedbackpipeline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.schemas.history.CompatibilityRule;
import io.feedbackpipeline.schemas.history.CompatibilityRule.Violation;
import java.util.List;
import org.apache.avro.Schema;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Proves the rule that guards the history really rejects incompatible evolutions. */
class CompatibilityRuleTest {

    private static final Schema V1 = parse("""
            {"type":"record","name":"Sample","fields":[
              {"name":"id","type":"string"}]}""");

    @Test
    @DisplayName("adding an optional field with a default is fully compatible")
    void optionalFieldWithDefaultIsAccepted() {
        Schema v2 = parse("""
                {"type":"record","name":"Sample","fields":[
                  {"name":"id","type":"string"},
                  {"name":"note","type":["null","string"],"default":null}]}""");

        assertThat(CompatibilityRule.check(List.of(V1, v2))).isEmpty();
    }

    @Test
    @DisplayName("a new field without a default breaks backward compatibility: v2 cannot read v1 data")
    void requiredFieldWithoutDefaultIsRejected() {
        Schema v2 = parse("""
                {"type":"record","name":"Sample","fields":[
                  {"name":"id","type":"string"},
                  {"name":"score","type":"int"}]}""");

        List<Violation> violations = CompatibilityRule.check(List.of(V1, v2));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.direction()).isEqualTo("backward");
            assertThat(v.readerVersion()).isEqualTo(2);
            assertThat(v.writerVersion()).isEqualTo(1);
        });
    }

    @Test
    @DisplayName("removing a field without a default breaks forward compatibility: v1 cannot read v2 data")
    void removedRequiredFieldIsRejected() {
        Schema v2 = parse("""
                {"type":"record","name":"Sample","fields":[]}""");

        assertThat(CompatibilityRule.check(List.of(V1, v2)))
                .singleElement()
                .extracting(Violation::direction)
                .isEqualTo("forward");
    }

    @Test
    @DisplayName("a third version is checked against every earlier version, not only its predecessor")
    void everyEarlierVersionIsChecked() {
        Schema v2 = parse("""
                {"type":"record","name":"Sample","fields":[
                  {"name":"id","type":"string"},
                  {"name":"score","type":"int","default":0}]}""");
        Schema v3 = parse("""
                {"type":"record","name":"Sample","fields":[
                  {"name":"score","type":"int","default":0}]}""");

        List<Violation> violations = CompatibilityRule.check(List.of(V1, v2, v3));

        assertThat(violations)
                .extracting(Violation::readerVersion, Violation::writerVersion)
                .containsExactlyInAnyOrder(Tuple.tuple(1, 3), Tuple.tuple(2, 3));
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
