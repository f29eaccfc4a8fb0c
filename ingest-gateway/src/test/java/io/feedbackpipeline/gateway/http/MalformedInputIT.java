package io.feedbackpipeline.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.Http;
import io.feedbackpipeline.gateway.support.Http.Response;
import io.feedbackpipeline.gateway.support.Tenant;
import io.feedbackpipeline.gateway.support.TopicProbe;
import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * Hundreds of generated bad requests (wrong types, missing fields, huge strings, NaN, nested junk, invalid UTF-8,
 * empty bodies, random bytes) against every write endpoint: each gets a 4xx problem+json, never a 5xx, and none
 * of them publishes anything.
 */
@GatewayIT
class MalformedInputIT {

    private static final long SEED = 20261122L;
    private static final List<String> JUNK_VALUES = List.of(
            "null",
            "true",
            "-1",
            "0",
            "1e400",
            "-0.0",
            "\"\"",
            "\"   \"",
            "[]",
            "{}",
            "[1,{\"a\":[]}]",
            "{\"nested\":{\"deeper\":[null,{}]}}",
            "\"\\u0000\"",
            "123456789012345678901234567890",
            "\"" + "x".repeat(130) + "\"",
            "\"" + "y".repeat(20_000) + "\"",
            "NaN",
            "Infinity",
            "-Infinity",
            "'single'",
            "undefined",
            "0x1F");

    @Value("${local.server.port}")
    int port;

    record Case(String method, String path, String contentType, byte[] body, String description) {}

    @Test
    @DisplayName("hundreds of generated bad bodies: always 4xx problem+json, never 5xx, nothing published")
    void generatedBadBodies(PipelineInfrastructure infrastructure) {
        Http http = new Http(port);
        Tenant tenant = Tenant.create(infrastructure);
        int score = tenant.createFeedbackType(infrastructure, "NUMERIC", 1.0, 5.0);
        List<Case> cases = generate(new Random(SEED), tenant, score);
        assertThat(cases).hasSizeGreaterThanOrEqualTo(200);

        try (TopicProbe<FeedbackBatch> feedback =
                new TopicProbe<>(infrastructure.bootstrapServers(), Topics.FEEDBACK)) {
            Map<String, Integer> statusCounts = new LinkedHashMap<>();
            for (Case bad : cases) {
                Response response = http.send(bad.method(), bad.path(), tenant.apiKey(), bad.contentType(), bad.body());
                statusCounts.merge(Integer.toString(response.status()), 1, Integer::sum);
                assertThat(response.status()).as(bad.description()).isBetween(400, 499);
                assertThat(response.header("Content-Type"))
                        .as(bad.description())
                        .startsWith("application/problem+json");
            }
            System.out.println("Malformed input: " + cases.size() + " cases, statuses " + statusCounts);

            List<FeedbackBatch> ours = feedback.recordsUpToNow().stream()
                    .map(ConsumerRecord::value)
                    .filter(b -> b.getProjectId().equals(tenant.projectId()))
                    .toList();
            assertThat(ours).as("nothing was published").isEmpty();
        }
    }

    private static List<Case> generate(Random random, Tenant tenant, int score) {
        String logs = "/endpoints/" + tenant.endpointId() + "/logs";
        String rate = "/api/v2/rate/1/completion-x";
        String rateScore = "/api/v2/rate/" + score + "/completion-x";
        List<Case> cases = new ArrayList<>();

        // Every field of every JSON endpoint replaced by junk of the wrong type or shape (always invalid).
        Map<String, String> baseplate = Map.of("usage_id", "\"u\"", "positive_rating", "true");
        Map<String, String> paradigmScore = Map.of("value", "3");
        Map<String, String> nativeItem = Map.of("usage_id", "\"u\"", "feedback_type_id", "1", "flag", "true");
        for (String junk : JUNK_VALUES) {
            for (String field : baseplate.keySet()) {
                if (isValidFor(field, junk)) {
                    continue;
                }
                cases.add(json("PATCH", logs, object(baseplate, field, junk), "baseplate " + field + "=" + junk));
                cases.add(json(
                        "PATCH",
                        logs,
                        "{\"logs\": [" + object(baseplate, field, junk) + "]}",
                        "baseplate logs[0]." + field + "=" + junk));
            }
            if (!isValidFor("value", junk)) {
                cases.add(json("POST", rateScore, object(paradigmScore, "value", junk), "paradigm value=" + junk));
            }
            for (String field : nativeItem.keySet()) {
                if (isValidFor(field, junk)) {
                    continue;
                }
                cases.add(json(
                        "POST",
                        "/v1/feedback",
                        "{\"items\": [" + object(nativeItem, field, junk) + "]}",
                        "native items[0]." + field + "=" + junk));
            }
            cases.add(json("POST", "/v1/feedback", "{\"items\": " + junk + "}", "native items=" + junk));
            cases.add(json("PATCH", logs, "{\"logs\": " + junk + "}", "baseplate logs=" + junk));
        }

        // Structural junk for every endpoint: empty, truncated, not an object, invalid UTF-8, deep nesting, bytes.
        List<String[]> endpoints = List.of(
                new String[] {"PATCH", logs},
                new String[] {"POST", rate},
                new String[] {"POST", "/v1/feedback"},
                new String[] {"POST", "/v1/completion-logs"},
                new String[] {"POST", "/v1/feedback-types"});
        for (String[] endpoint : endpoints) {
            String method = endpoint[0];
            String path = endpoint[1];
            if (!path.equals(rate)) {
                cases.add(new Case(method, path, "application/json", new byte[0], path + " empty body"));
            }
            cases.add(json(method, path, "{\"usage_id\": \"u\"", path + " truncated"));
            cases.add(json(method, path, "[]", path + " array"));
            cases.add(json(method, path, "\"text\"", path + " string"));
            cases.add(json(method, path, "{\"a\": 1} {\"b\": 2}", path + " trailing content"));
            cases.add(json(method, path, "{\"usage_id\": \"u\", \"usage_id\": \"v\"}", path + " duplicate key"));
            cases.add(json(method, path, "[".repeat(5_000) + "]".repeat(5_000), path + " deep nesting"));
            cases.add(json(
                    method,
                    path,
                    "{\"x\": " + "{\"y\": ".repeat(2_000) + "1" + "}".repeat(2_001),
                    path + " deep objects"));
            cases.add(new Case(
                    method,
                    path,
                    "application/json",
                    new byte[] {
                        '{',
                        '"',
                        'u',
                        's',
                        'a',
                        'g',
                        'e',
                        '_',
                        'i',
                        'd',
                        '"',
                        ':',
                        '"',
                        (byte) 0xC3,
                        (byte) 0x28,
                        '"',
                        '}'
                    },
                    path + " invalid UTF-8"));
            cases.add(new Case(
                    method,
                    path,
                    "application/json",
                    new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0x00, (byte) 0x7B},
                    path + " UTF-16 BOM junk"));
            cases.add(new Case(method, path, "text/plain", "hello".getBytes(), path + " text/plain"));
            cases.add(new Case(
                    method, path, "application/json; charset=\"", "{}".getBytes(), path + " broken content type"));
            for (int i = 0; i < 6; i++) {
                byte[] bytes = new byte[1 + random.nextInt(512)];
                random.nextBytes(bytes);
                bytes[0] = (byte) (0x80 | bytes[0]); // never a valid JSON start
                cases.add(new Case(method, path, "application/json", bytes, path + " random bytes #" + i));
            }
        }

        // Form encodings of the Paradigm API with junk values.
        for (String value : List.of("NaN", "Infinity", "1e400", "abc", "0x10", "1,5", "--1", " ")) {
            if (!value.isBlank()) {
                cases.add(new Case(
                        "POST",
                        rateScore,
                        "application/x-www-form-urlencoded",
                        ("value=" + value).getBytes(StandardCharsets.UTF_8),
                        "form value=" + value));
            }
            cases.add(new Case(
                    "POST",
                    rate,
                    "application/x-www-form-urlencoded",
                    ("flag=" + value).getBytes(StandardCharsets.UTF_8),
                    "form flag=" + value));
        }
        cases.add(new Case(
                "POST",
                rate,
                "application/x-www-form-urlencoded",
                "flag=true&tag=".concat("t".repeat(121)).getBytes(),
                "form long tag"));
        cases.add(new Case(
                "POST",
                rate,
                "multipart/form-data; boundary=zzz",
                "garbage without parts".getBytes(),
                "broken multipart"));
        cases.add(new Case("POST", rate, "multipart/form-data", "--x\r\n\r\n".getBytes(), "multipart, no boundary"));
        return cases;
    }

    /** Junk that happens to be a valid value for the field is skipped, so every case is invalid. */
    private static boolean isValidFor(String field, String junk) {
        return switch (field) {
            case "positive_rating", "flag" -> junk.equals("true");
            case "feedback_type_id" -> false; // -1, 0 and huge numbers name no type
            case "value" ->
                junk.equals("-0.0") || junk.equals("-1") || junk.equals("0")
                        ? false
                        : junk.matches("-?\\d+(\\.\\d+)?")
                                && Double.parseDouble(junk) >= 1
                                && Double.parseDouble(junk) <= 5;
            case "usage_id" ->
                junk.startsWith("\"")
                        && junk.length() > 2
                        && !junk.isBlank()
                        && !junk.equals("\"   \"")
                        && junk.length() <= 257
                        && !junk.equals("\"\\u0000\"");
            default -> false;
        };
    }

    private static String object(Map<String, String> fields, String replaced, String junk) {
        StringBuilder out = new StringBuilder("{");
        fields.forEach((name, value) -> out.append(out.length() > 1 ? ", " : "")
                .append('"')
                .append(name)
                .append("\": ")
                .append(name.equals(replaced) ? junk : value));
        return out.append('}').toString();
    }

    private static Case json(String method, String path, String body, String description) {
        return new Case(method, path, "application/json", body.getBytes(StandardCharsets.UTF_8), description);
    }
}
