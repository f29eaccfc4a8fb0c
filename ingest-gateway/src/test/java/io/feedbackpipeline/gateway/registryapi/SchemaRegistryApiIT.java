package io.feedbackpipeline.gateway.registryapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.gateway.support.Http;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.history.SchemaIds;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The read-only registry API answers as a Confluent schema registry would, from the bundled history, without a key. */
@GatewayIT
class SchemaRegistryApiIT extends GatewayTestBase {

    private static final String BASE = "/schema-registry";
    private static final String FEEDBACK = "feedback.v1-value";
    private static final String REGISTRY_JSON = "application/vnd.schemaregistry.v1+json";

    private final JsonMapper json = JsonMapper.builder().build();
    private final Schema feedbackV1 = Topics.FEEDBACK.valueType().history().get(0);
    private final int feedbackId = SchemaIds.of(feedbackV1);

    @Test
    @DisplayName("subjects follow the topic-name strategy; versions and latest answer subject, version, id, schema")
    void subjectsAndVersions() {
        assertThat(read(get("/subjects")))
                .containsExactly(
                        text("feedback.v1-value"), text("completion-logs.v1-value"), text("feedback-changes.v1-value"));
        assertThat(read(get("/subjects/" + FEEDBACK + "/versions")))
                .containsExactly(
                        json.getNodeFactory().numberNode(1),
                        json.getNodeFactory().numberNode(2));

        JsonNode first = read(get("/subjects/" + FEEDBACK + "/versions/1"));
        assertThat(first.get("subject").asString()).isEqualTo(FEEDBACK);
        assertThat(first.get("version").asInt()).isEqualTo(1);
        assertThat(first.get("id").asInt()).isEqualTo(feedbackId);
        assertThat(new Schema.Parser().parse(first.get("schema").asString())).isEqualTo(feedbackV1);

        Schema current = Topics.FEEDBACK.valueType().currentSchema();
        JsonNode latest = read(get("/subjects/" + FEEDBACK + "/versions/latest"));
        assertThat(latest.get("version").asInt()).isEqualTo(2);
        assertThat(latest.get("id").asInt()).isEqualTo(SchemaIds.of(current));
        assertThat(new Schema.Parser().parse(latest.get("schema").asString())).isEqualTo(current);
        assertThat(new Schema.Parser()
                        .parse(get("/subjects/" + FEEDBACK + "/versions/1/schema")
                                .body()))
                .isEqualTo(feedbackV1);
    }

    @Test
    @DisplayName("GET /schemas/ids/{id} answers the schema, and which subjects use it; no key is needed")
    void schemaById() {
        Http.Response response = get("/schemas/ids/" + feedbackId);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith(REGISTRY_JSON);
        assertThat(new Schema.Parser().parse(read(response).get("schema").asString()))
                .isEqualTo(feedbackV1);
        JsonNode uses = read(get("/schemas/ids/" + feedbackId + "/versions"));
        assertThat(uses.get(0).get("subject").asString()).isEqualTo(FEEDBACK);
        assertThat(uses.get(0).get("version").asInt()).isEqualTo(1);
    }

    @Test
    @DisplayName("a lookup and a registration of a released version answer its id; docs and formatting do not matter")
    void lookupAndRegistrationOfReleasedVersions() {
        Schema withoutDocs = new Schema.Parser().parse(feedbackV1.toString().replaceAll("\"doc\":\"[^\"]*\",", ""));
        String body = json.writeValueAsString(Map.of("schema", withoutDocs.toString(), "schemaType", "AVRO"));

        JsonNode found = read(post("/subjects/" + FEEDBACK, body));
        assertThat(found.get("id").asInt()).isEqualTo(feedbackId);
        assertThat(found.get("version").asInt()).isEqualTo(1);
        assertThat(found.get("subject").asString()).isEqualTo(FEEDBACK);

        Http.Response registered = post("/subjects/" + FEEDBACK + "/versions", body);
        assertThat(registered.status()).isEqualTo(200);
        assertThat(read(registered).get("id").asInt()).isEqualTo(feedbackId);
    }

    @Test
    @DisplayName("anything else gets the registry's own errors: error_code and message")
    void registryErrors() {
        Schema other = Topics.COMPLETION_LOGS.valueType().currentSchema();
        String otherBody = json.writeValueAsString(Map.of("schema", other.toString()));

        assertError(get("/subjects/nope-value/versions"), 404, 40401);
        assertError(get("/subjects/" + FEEDBACK + "/versions/7"), 404, 40402);
        assertError(get("/subjects/" + FEEDBACK + "/versions/seven"), 422, 42202);
        assertError(get("/schemas/ids/12345"), 404, 40403);
        assertError(get("/schemas/ids/abc"), 404, 40403);
        assertError(post("/subjects/" + FEEDBACK, otherBody), 404, 40403);
        assertError(post("/subjects/" + FEEDBACK + "/versions", otherBody), 422, 42205);
        assertError(post("/subjects/" + FEEDBACK + "/versions", "{\"schema\": \"{not avro\"}"), 422, 42201);
        assertError(post("/subjects/" + FEEDBACK + "/versions", "{\"schema\": \"syntax\"}"), 422, 42201);
        assertError(post("/subjects/" + FEEDBACK, "{\"schema\": "), 400, 400);
    }

    @Test
    @DisplayName("config says the history's compatibility rule, mode says read-only")
    void configAndMode() {
        assertThat(read(get("/config")).get("compatibilityLevel").asString()).isEqualTo("FULL_TRANSITIVE");
        assertThat(read(get("/mode")).get("mode").asString()).isEqualTo("READONLY");
        assertThat(read(get("/schemas/types"))).containsExactly(text("AVRO"));
    }

    private void assertError(Http.Response response, int status, int errorCode) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        JsonNode error = read(response);
        assertThat(error.get("error_code").asInt()).as(response.body()).isEqualTo(errorCode);
        assertThat(error.get("message").asString()).isNotBlank();
    }

    private Http.Response get(String path) {
        return http.send("GET", BASE + path, null, null, null, "Accept", REGISTRY_JSON);
    }

    private Http.Response post(String path, String body) {
        return http.send("POST", BASE + path, null, REGISTRY_JSON, body.getBytes(), "Accept", REGISTRY_JSON);
    }

    private JsonNode read(Http.Response response) {
        return json.readTree(response.body());
    }

    private JsonNode text(String value) {
        return json.getNodeFactory().stringNode(value);
    }
}
