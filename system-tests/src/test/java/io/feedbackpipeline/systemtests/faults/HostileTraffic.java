package io.feedbackpipeline.systemtests.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests a hostile or broken client sends: malformed and deeply nested JSON, invalid UTF-8, bodies over the limit
 * and bodies that trickle in, wrong and broken content types, a NUL in the path, an invalid request line, endpoints
 * and feedback types of another project, random and malformed keys, wrong methods. Every one must be refused with a
 * 4xx problem+json (never a 5xx, never accepted), and none may be published.
 */
final class HostileTraffic {

    /** What the hostile requests got. */
    record Outcome(int sent, int refusedAsProblems, List<String> violations) {}

    static final String REQUEST_ID_PREFIX = "hostile-";

    private final FaultCluster cluster;
    private final String foreignEndpoint;
    private final int foreignType;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    HostileTraffic(FaultCluster cluster, String foreignEndpoint, int foreignType) {
        this.cluster = cluster;
        this.foreignEndpoint = foreignEndpoint;
        this.foreignType = foreignType;
    }

    Outcome send(int count) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(8);
        AtomicInteger problems = new AtomicInteger();
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int kind = i;
            sent.add(clients.submit(() -> {
                String requestId = REQUEST_ID_PREFIX + UUID.randomUUID();
                try {
                    Answer answer = kind % 23 == 7
                            ? slowBody(requestId)
                            : kind % 29 == 11 ? rawRequestLine() : request(kind, new Random(kind), requestId);
                    if (answer.status() >= 400
                            && answer.status() < 500
                            && answer.contentType().startsWith("application/problem+json")) {
                        problems.incrementAndGet();
                    } else {
                        violations.add("#" + kind + " -> " + answer.status() + " " + answer.contentType());
                    }
                } catch (Exception e) {
                    violations.add("#" + kind + " -> " + e);
                }
                return null;
            }));
        }
        for (Future<?> request : sent) {
            request.get();
        }
        clients.shutdown();
        return new Outcome(count, problems.get(), List.copyOf(violations));
    }

    private record Answer(int status, String contentType) {}

    private Answer request(int kind, Random random, String requestId) throws Exception {
        String key = "Bearer " + cluster.apiKey();
        String method = "POST";
        String path = "/api/v2/rate/1/h-" + random.nextInt(1000);
        String contentType = "application/json";
        byte[] body;
        switch (kind % 16) {
            case 0 -> body = utf8("{\"flag\": tru"); // truncated JSON
            case 1 -> { // deeply nested JSON
                path = "/v1/feedback";
                body = utf8("{\"items\": " + "[".repeat(20_000) + "]".repeat(20_000) + "}");
            }
            case 2 ->
                body = new byte[] {
                    '{',
                    '"',
                    'c',
                    'o',
                    'm',
                    'm',
                    'e',
                    'n',
                    't',
                    '"',
                    ':',
                    '"',
                    (byte) 0xC3,
                    (byte) 0x28,
                    '"',
                    ',',
                    '"',
                    'f',
                    'l',
                    'a',
                    'g',
                    '"',
                    ':',
                    't',
                    'r',
                    'u',
                    'e',
                    '}'
                }; // bad UTF-8
            case 3 -> { // over the 1 MiB body limit
                path = "/v1/completion-logs";
                body = utf8("{\"usage_id\": \"h\", \"prompt\": \"" + "x".repeat(1_100_000) + "\"}");
            }
            case 4 -> { // a content type no route takes
                contentType = "application/xml";
                body = utf8("<flag>true</flag>");
            }
            case 5 -> { // multipart without a boundary
                contentType = "multipart/form-data";
                body = utf8("flag=true");
            }
            case 6 -> { // another project's endpoint
                method = "PATCH";
                path = "/endpoints/" + foreignEndpoint + "/logs";
                body = utf8("{\"usage_id\": \"h\", \"positive_rating\": true}");
            }
            case 7 -> { // another project's feedback type
                path = "/api/v2/rate/" + foreignType + "/h";
                body = utf8("{\"value\": 1}");
            }
            case 8 -> { // a random well-formed key
                key = "Bearer fpk_" + randomKeyBody(random);
                body = utf8("{\"flag\": true}");
            }
            case 9 -> { // a malformed authorization
                key = "Basic " + UUID.randomUUID();
                body = utf8("{\"flag\": true}");
            }
            case 10 -> { // a NUL in the path
                path = "/api/v2/rate/1/h%00x";
                body = utf8("{\"flag\": true}");
            }
            case 11 -> { // a wrong method
                method = "DELETE";
                path = "/endpoints/" + cluster.endpointId() + "/logs";
                body = null;
            }
            case 12 -> { // unknown fields and wrong types, on the strict API
                path = "/v1/feedback";
                body = utf8("{\"items\": [{\"usage_id\": 5, \"feedback_type_id\": \"one\", \"flag\": \"yes\","
                        + " \"x\": 1}]}");
            }
            case 13 -> { // the NUL character in a log's values
                path = "/v1/completion-logs";
                body = utf8("{\"usage_id\": \"h\", \"values\": {\"k\\u0000\": \"v\\u0000\"}}");
            }
            case 14 -> body = utf8("{\"flag\": true, \"tag\": \"" + "\\ud83d\\udc4d".repeat(121) + "\"}");
            default -> { // random bytes
                body = new byte[random.nextInt(2_000) + 1];
                random.nextBytes(body);
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cluster.gatewayUrl() + path))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", key)
                .header("X-Request-Id", requestId)
                .timeout(Duration.ofSeconds(30));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON body sent a few bytes at a time over 3 seconds, and not valid JSON in the end. */
    private Answer slowBody(String requestId) throws IOException, InterruptedException {
        byte[] body = "{\"flag\": true, \"comment\": \"slow\" ".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v2/rate/1/slow HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                            + cluster.apiKey() + "\r\nContent-Type: application/json\r\nX-Request-Id: " + requestId
                            + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < body.length; i += 4) {
                out.write(body, i, Math.min(4, body.length - i));
                out.flush();
                Thread.sleep(3_000L * 4 / body.length);
            }
            return readAnswer(socket.getInputStream());
        }
    }

    /** Not HTTP at all after the method. */
    private Answer rawRequestLine() throws IOException {
        try (Socket socket = socket()) {
            socket.getOutputStream()
                    .write("POST /api/v2/rate/1/x HTTP/1.1 garbage\u0001\r\nHost: x\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
            return readAnswer(socket.getInputStream());
        }
    }

    private Socket socket() throws IOException {
        URI gateway = URI.create(cluster.gatewayUrl());
        Socket socket = new Socket(gateway.getHost(), gateway.getPort());
        socket.setSoTimeout(30_000);
        return socket;
    }

    private static Answer readAnswer(InputStream in) throws IOException {
        String head = new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(head.substring(9, 12));
        String contentType = head.lines()
                .filter(line -> line.toLowerCase().startsWith("content-type:"))
                .findFirst()
                .map(line -> line.substring("content-type:".length()).trim())
                .orElse("");
        return new Answer(status, contentType);
    }

    private static String randomKeyBody(Random random) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 43; i++) {
            body.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return body.toString();
    }
}
