package io.feedbackpipeline.localstack.stack;

import java.util.Map;

/** What the user sees once the stack is up. */
final class Banner {

    private Banner() {}

    static String ready(Map<String, String> env, StackSettings settings, long startMillis) {
        String gateway = env.get("GATEWAY_URL");
        return """

                feedback-pipeline is running (started in %.1f s)
                  gateway     %s   (APIs; status %s/readyz)
                  operations  %s   (gateway metrics and health: /actuator/prometheus, /actuator/health)
                  processor   %s   (health %s/actuator/health)
                  kafka       %s   topics feedback.v1, completion-logs.v1 and their .dlt twins
                  registry    %s   (read-only, Confluent-compatible: docs/direct-producers.md)
                  postgresql  %s   user %s, password %s
                  project     %s
                  endpoint    %s
                  api key     %s

                Rate a completion log (Baseplate API):
                  curl -X PATCH %s/endpoints/%s/logs \\
                    -H 'Authorization: Bearer %s' -H 'Content-Type: application/json' \\
                    -d '{"usage_id": "my-first-log", "positive_rating": true}'

                These values are in %s (source it in a shell). Logs: %s
                Press Ctrl-C to stop everything; data stays in %s.
                """.formatted(
                        startMillis / 1000.0,
                        gateway,
                        gateway,
                        env.get("GATEWAY_MANAGEMENT_URL"),
                        env.get("PROCESSOR_URL"),
                        env.get("PROCESSOR_URL"),
                        env.get("KAFKA_BOOTSTRAP_SERVERS"),
                        env.get("SCHEMA_REGISTRY_URL"),
                        env.get("JDBC_URL"),
                        env.get("JDBC_USER"),
                        env.get("JDBC_PASSWORD"),
                        env.get("PROJECT_ID"),
                        env.get("ENDPOINT_ID"),
                        env.get("API_KEY"),
                        gateway,
                        env.get("ENDPOINT_ID"),
                        env.get("API_KEY"),
                        settings.envFile(),
                        settings.logs(),
                        settings.home());
    }
}
