package io.feedbackpipeline.gateway.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Raw HTTP calls to the gateway under test: any method, any header, any bytes (including invalid UTF-8). */
public final class Http {

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Http(int port) {
        this("http://127.0.0.1:" + port);
    }

    private Http(String base) {
        this.base = base;
    }

    /** A client of another base, e.g. {@code http://[::1]:PORT} to call from a second client address. */
    public static Http at(String base) {
        return new Http(base);
    }

    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    public Response send(
            String method, String path, String apiKey, String contentType, byte[] body, String... extraHeaders) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            request.header(extraHeaders[i], extraHeaders[i + 1]);
        }
        return send(request.build());
    }

    public Response json(String method, String path, String apiKey, String json, String... extraHeaders) {
        return send(method, path, apiKey, "application/json", json.getBytes(StandardCharsets.UTF_8), extraHeaders);
    }

    public Response get(String path, String apiKey) {
        return send("GET", path, apiKey, null, null);
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            Map<String, String> headers = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
            return new Response(response.statusCode(), headers, response.body());
        } catch (Exception e) {
            throw new AssertionError("HTTP call failed: " + e, e);
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }
}
