package io.feedbackpipeline.jsoncontract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JsonFieldsTest {

    private final Violations violations = new Violations();

    @Test
    void absentAndNullAreTheSameForOptionalFields() {
        JsonFields fields = fields("{\"comment\": null}");

        assertThat(fields.optionalString("comment")).isNull();
        assertThat(fields.optionalString("tag")).isNull();
        assertThat(fields.optionalNumber("value")).isNull();
        assertThat(fields.optionalBoolean("flag")).isNull();
        assertThat(fields.has("comment")).isFalse();
        assertThat(violations.isEmpty()).isTrue();
    }

    @Test
    void everyProblemIsRecordedNotJustTheFirst() {
        JsonFields fields = new JsonFields(
                node("{\"usage_id\": 7, \"flag\": \"yes\", \"value\": \"4\", \"id\": \"nope\", \"text\": \"  \"}"),
                3,
                violations);

        fields.requiredString("usage_id");
        fields.optionalBoolean("flag");
        fields.optionalNumber("value");
        fields.optionalUuid("id");
        fields.requiredText("text");
        fields.requiredBoolean("missing");

        assertThat(recorded()).extracting(Violation::index).containsOnly(3);
        assertThat(recorded())
                .extracting(Violation::field)
                .containsExactly("usage_id", "flag", "value", "id", "text", "missing");
    }

    @Test
    void readsWellFormedValues() {
        UUID id = UUID.randomUUID();
        JsonFields fields = fields("{\"s\": \"x\", \"b\": false, \"n\": 4.5, \"i\": 7, \"u\": \"" + id + "\"}");

        assertThat(fields.requiredString("s")).isEqualTo("x");
        assertThat(fields.requiredBoolean("b")).isFalse();
        assertThat(fields.optionalNumber("n")).isEqualTo(4.5);
        assertThat(fields.requiredInt("i")).isEqualTo(7);
        assertThat(fields.optionalUuid("u")).isEqualTo(id);
        assertThat(violations.isEmpty()).isTrue();
    }

    @Test
    void contentIsTheEventRulesToCheckNotTheReaders() {
        String tag = "t".repeat(500) + "\u0000";

        assertThat(fields("{\"tag\": \"" + tag.replace("\u0000", "\\u0000") + "\"}")
                        .optionalString("tag"))
                .isEqualTo(tag);
        assertThat(violations.isEmpty()).isTrue();
    }

    @Test
    void unknownListsWhatATolerantReaderSkipsAndRejectUnknownRefusesIt() {
        JsonFields fields = fields("{\"flag\": true, \"score\": 1, \"client\": null}");

        assertThat(fields.unknown(Set.of("flag"))).containsExactlyInAnyOrder("score", "client");
        assertThat(violations.isEmpty()).isTrue();
        fields.rejectUnknown(Set.of("flag"));
        assertThat(recorded()).extracting(Violation::field).containsExactlyInAnyOrder("score", "client");
    }

    private List<Violation> recorded() {
        try {
            violations.throwIfAny();
            return List.of();
        } catch (InvalidRequestException e) {
            return e.violations();
        }
    }

    private JsonFields fields(String json) {
        return JsonFields.of(node(json), violations);
    }

    private static JsonNode node(String json) {
        return JsonMapper.builder().build().readTree(json);
    }
}
