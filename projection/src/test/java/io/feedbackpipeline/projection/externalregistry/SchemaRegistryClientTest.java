package io.feedbackpipeline.projection.externalregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.feedbackpipeline.schemas.contract.Topics;
import io.feedbackpipeline.schemas.serde.IncompatibleSchemaException;
import io.feedbackpipeline.schemas.serde.SchemaRegistryUnavailableException;
import io.feedbackpipeline.schemas.serde.UnknownSchemaException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client against a real HTTP server answering as registries do (the gateway's own registry API is exercised
 * end to end by the processor's and the Node interop tests): who is at fault decides between a dead letter and a wait.
 */
class SchemaRegistryClientTest {

    private static final Schema FEEDBACK = Topics.FEEDBACK.valueType().currentSchema();

    private final JsonMapper json = JsonMapper.builder().build();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    @DisplayName("a known id answers its schema once; later lookups of it are not sent")
    void knownIdIsFetchedOnce() throws IOException {
        SchemaRegistryClient client = clientOf(answer(200, Map.of("schema", FEEDBACK.toString())));

        assertThat(client.byId(7)).isEqualTo(FEEDBACK);
        assertThat(client.byId(7)).isEqualTo(FEEDBACK);
        assertThat(requests).containsExactly("GET /registry/schemas/ids/7");
    }

    @Test
    @DisplayName("404 with error code 40403 is an unknown id: the record's fault")
    void unknownIdIsBadData() throws IOException {
        SchemaRegistryClient client =
                clientOf(answer(404, Map.of("error_code", 40403, "message", "Schema 9 not found")));

        assertThatThrownBy(() -> client.byId(9))
                .isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("unknown schema id 9");
    }

    @Test
    @DisplayName("a 404 that is not the registry's (wrong base URL), a 5xx or a 401 is an outage")
    void otherAnswersAreOutages() throws IOException {
        for (int status : new int[] {404, 500, 503, 401}) {
            SchemaRegistryClient client = clientOf(answer(status, Map.of("message", "no")));

            assertThatThrownBy(() -> client.byId(3))
                    .as("status " + status)
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining("answered " + status);
            server.stop(0);
        }
    }

    @Test
    @DisplayName("no registry listening is an outage, and the id is asked again once it is back")
    void unreachableIsAnOutage() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // nothing listens on it once closed: connections are refused
        }
        SchemaRegistryClient client = new SchemaRegistryClient(
                SchemaRegistryClient.Settings.of("http://127.0.0.1:" + port + "/registry", Duration.ofSeconds(2)));

        assertThatThrownBy(() -> client.byId(5))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("cannot be reached");

        start(port, answer(200, Map.of("schema", FEEDBACK.toString())));
        assertThat(client.byId(5)).isEqualTo(FEEDBACK);
    }

    @Test
    @DisplayName("a schema that is not Avro, or not a valid one, is incompatible: the record's fault")
    void notAvroIsIncompatible() throws IOException {
        SchemaRegistryClient protobuf =
                clientOf(answer(200, Map.of("schema", "syntax = \"proto3\";", "schemaType", "PROTOBUF")));
        assertThatThrownBy(() -> protobuf.byId(4))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("PROTOBUF");
        server.stop(0);

        SchemaRegistryClient invalid = clientOf(answer(200, Map.of("schema", "{\"type\": \"nonsense\"}")));
        assertThatThrownBy(() -> invalid.byId(4))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("not a valid Avro schema");
    }

    @Test
    @DisplayName("a schema Avro refuses for an invalid default (AvroTypeException) is incompatible, not an outage")
    void invalidDefaultIsIncompatible() throws IOException {
        SchemaRegistryClient client = clientOf(answer(
                200,
                Map.of(
                        "schema",
                        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"x\",\"type\":\"string\","
                                + "\"default\":null}]}")));

        assertThatThrownBy(() -> client.byId(6))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("Invalid default for field x");
    }

    @Test
    @DisplayName(
            "a 200 answer larger than any schema is refused unread as the record's; a large error page is an outage")
    void oversizeAnswers() throws IOException {
        String huge = "x".repeat(SchemaRegistryClient.MAX_ANSWER_BYTES + 10);
        SchemaRegistryClient ok = clientOf(answer(200, Map.of("schema", huge)));
        assertThatThrownBy(() -> ok.byId(8))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("more than");
        server.stop(0);

        SchemaRegistryClient failing = clientOf(exchange -> new Reply(500, huge));
        assertThatThrownBy(() -> failing.byId(8))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("answered 500");
    }

    @Test
    @DisplayName("basic-auth credentials are sent to a registry that needs them")
    void basicAuth() throws IOException {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        start(0, exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            return new Reply(200, json.writeValueAsString(Map.of("schema", FEEDBACK.toString())));
        });
        SchemaRegistryClient client = new SchemaRegistryClient(
                new SchemaRegistryClient.Settings(baseUrl(), Duration.ofSeconds(2), "producer", "s3cret"));

        client.byId(1);

        assertThat(authorizations).containsExactly("Basic cHJvZHVjZXI6czNjcmV0");
    }

    private record Reply(int status, String body) {}

    private interface Handler {
        Reply handle(HttpExchange exchange) throws IOException;
    }

    private Handler answer(int status, Map<String, ?> body) {
        return exchange -> new Reply(status, json.writeValueAsString(body));
    }

    private SchemaRegistryClient clientOf(Handler handler) throws IOException {
        start(0, handler);
        return new SchemaRegistryClient(
                SchemaRegistryClient.Settings.of(baseUrl().toString(), Duration.ofSeconds(2)));
    }

    private URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/registry");
    }

    private void start(int port, Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            Reply reply = handler.handle(exchange);
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }
}
