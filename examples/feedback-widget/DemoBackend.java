// The widget's tiny backend: serves the page and, for the page, asks the gateway for a feedback token with the API
// key it keeps to itself. No dependencies and no build step: `java DemoBackend.java` (Java 17+).
//
// Environment: FEEDBACK_GATEWAY_URL (default http://localhost:8080), FEEDBACK_API_KEY (an ingest key; the local
// stack's $API_KEY), PORT (default 8070), END_USER_ID (recorded with the feedback; a product would use its
// signed-in user's id), PAGES_DIR (where index.html is).
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

public class DemoBackend {

    private static final Map<String, String> TYPES =
            Map.of(".html", "text/html; charset=utf-8", ".js", "text/javascript; charset=utf-8", ".css", "text/css");

    public static void main(String[] args) throws IOException {
        String gateway = System.getenv().getOrDefault("FEEDBACK_GATEWAY_URL", "http://localhost:8080");
        String apiKey = System.getenv("FEEDBACK_API_KEY");
        if (apiKey == null || apiKey.isBlank()) {
            System.err.println("Set FEEDBACK_API_KEY to an ingest key (the local stack's: . .local/stack.env;"
                    + " FEEDBACK_API_KEY=$API_KEY)");
            System.exit(2);
        }
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8070"));
        String endUser = System.getenv().getOrDefault("END_USER_ID", "demo-user");
        // The page's files: PAGES_DIR, else this directory whether started from here or from the repository root.
        Path pages = Path.of(System.getenv().getOrDefault(
                        "PAGES_DIR", Files.exists(Path.of("index.html")) ? "." : "examples/feedback-widget"))
                .toAbsolutePath()
                .normalize();
        HttpClient client = HttpClient.newHttpClient();

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/token", exchange -> {
            Map<String, String> query = query(exchange.getRequestURI());
            String usageId = query.getOrDefault("usage_id", "");
            String expiresIn = query.getOrDefault("expires_in", "");
            String body = "{\"usage_id\":" + quoted(usageId) + ",\"end_user_id\":" + quoted(endUser)
                    + (expiresIn.matches("\\d{1,5}") ? ",\"expires_in\":" + expiresIn : "") + "}";
            try {
                HttpResponse<String> issued = client.send(
                        HttpRequest.newBuilder(URI.create(gateway + "/v1/feedback-tokens"))
                                .header("Authorization", "Bearer " + apiKey)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (issued.statusCode() != 201) {
                    respond(exchange, 502, "application/json", issued.body());
                    return;
                }
                // The gateway's answer, plus where the page should send feedback.
                respond(exchange, 200, "application/json",
                        "{\"gateway\":" + quoted(gateway) + "," + issued.body().substring(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                respond(exchange, 503, "text/plain", "interrupted");
            } catch (IOException e) {
                respond(exchange, 502, "text/plain", "gateway unreachable: " + e.getMessage());
            }
        });
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().equals("/")
                    ? "index.html"
                    : exchange.getRequestURI().getPath().substring(1);
            Path file = pages.resolve(name).normalize();
            String type = TYPES.get(name.substring(Math.max(0, name.lastIndexOf('.'))));
            if (!file.startsWith(pages) || type == null || !Files.isRegularFile(file)) {
                respond(exchange, 404, "text/plain", "not found");
                return;
            }
            respond(exchange, 200, type, Files.readString(file));
        });
        server.start();
        System.out.println("Feedback widget on http://127.0.0.1:" + port + "/ (tokens from " + gateway + ")");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new HashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(
                            URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return parameters;
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
