package io.feedbackpipeline.localstack.junit;

import com.sun.net.httpserver.HttpServer;
import io.feedbackpipeline.schemas.registry.BundledRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /schemas/ids/{id}} of a schema registry on a given port, answering as the gateway's registry API does
 * (the bundled history) plus ids registered here, as an external registry assigns its own. It can be stopped and
 * started again, so that a test can take the registry away for real (connections refused).
 */
public final class RegistryStandIn implements AutoCloseable {

    private final URI baseUrl;
    private final BundledRegistry bundled = BundledRegistry.ofPipeline();
    private final Map<Integer, String> registered = new ConcurrentHashMap<>();
    private final JsonMapper json = JsonMapper.builder().build();
    private HttpServer server;

    public RegistryStandIn(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** Makes an id answer a schema, as a registry that assigned it would. */
    public void register(int id, Schema schema) {
        registered.put(id, schema.toString());
    }

    /**
     * Makes an id answer this schema text as it is, even one Avro refuses: Confluent's registry does not validate
     * defaults unless told to, so an external registry serves such schemas.
     */
    public void registerText(int id, String schema) {
        registered.put(id, schema);
    }

    public synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", baseUrl.getPort()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String prefix = baseUrl.getPath() + "/schemas/ids/";
        server.createContext(prefix, exchange -> {
            int id = Integer.parseInt(exchange.getRequestURI().getPath().substring(prefix.length()));
            Optional<String> schema = Optional.ofNullable(registered.get(id))
                    .or(() -> bundled.schema(id).map(Schema::toString));
            byte[] body = json.writeValueAsBytes(
                    schema.isPresent()
                            ? Map.of("schema", schema.get())
                            : Map.of("error_code", 40403, "message", "Schema " + id + " not found"));
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(schema.isPresent() ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
