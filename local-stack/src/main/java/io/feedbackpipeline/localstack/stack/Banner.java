package io.feedbackpipeline.localstack.stack;

import java.util.Map;

/**
 * What the user sees once the stack is up. It names the secrets (the demo key, the database password) but does not
 * print them: a terminal's scrollback or a redirected output is a log, and logs hold no secrets. They are in the
 * env file, which only its owner can read.
 */
final class Banner {

    private Banner() {}

    static String ready(
            Map<String, String> env,
            StackSettings settings,
            boolean demo,
            long startMillis,
            Map<String, Long> serviceReadyMillis) {
        String gateway = env.get("GATEWAY_URL");
        return """

                feedback-pipeline is running (started in %.1f s; rating-processor ready after %s, ingest-gateway after %s)
                  console     %s/console   (sign in with the key in $API_KEY)%s
                  gateway     %s   (APIs; status %s/readyz)
                  operations  %s   (gateway metrics and health: /actuator/prometheus, /actuator/health)
                  processor   %s   (health %s/actuator/health)
                  kafka       %s   topics feedback.v1, completion-logs.v1 and their .dlt twins
                  registry    %s   (read-only, Confluent-compatible: docs/direct-producers.md)
                  postgresql  %s   user %s, password $JDBC_PASSWORD
                  project     %s
                  endpoint    %s
                  api key     %s   (the whole key is $API_KEY)

                Rate a completion log (Baseplate API):
                  source %s
                  curl -X PATCH "$GATEWAY_URL/endpoints/$ENDPOINT_ID/logs" \\
                    -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \\
                    -d '{"usage_id": "my-first-log", "positive_rating": true}'

                Next:
                  open the console at %s/console and paste the key ($API_KEY) to see feedback arrive
                  bin/feedbackctl status               what runs, what waits, what was dead-lettered
                  bin/feedbackctl export --help        take the feedback out as Parquet, CSV or JSON Lines
                  docs/getting-started.md              the first minute, step by step; README.md for everything else

                Every value is in %s (source it in a shell). Logs: %s
                Press Ctrl-C to stop everything; data stays in %s.
                """.formatted(
                        startMillis / 1000.0,
                        seconds(serviceReadyMillis.get("rating-processor")),
                        seconds(serviceReadyMillis.get("ingest-gateway")),
                        gateway,
                        demo
                                ? "\n  demo        feedback is flowing: about two completions a second, a poison record every 90 s"
                                : "",
                        gateway,
                        gateway,
                        env.get("GATEWAY_MANAGEMENT_URL"),
                        env.get("PROCESSOR_URL"),
                        env.get("PROCESSOR_URL"),
                        env.get("KAFKA_BOOTSTRAP_SERVERS"),
                        env.get("SCHEMA_REGISTRY_URL"),
                        env.get("JDBC_URL"),
                        env.get("JDBC_USER"),
                        env.get("PROJECT_ID"),
                        env.get("ENDPOINT_ID"),
                        keyPrefix(env.get("API_KEY")),
                        settings.envFile(),
                        gateway,
                        settings.envFile(),
                        settings.logs(),
                        settings.home());
    }

    private static String seconds(Long millis) {
        return millis == null ? "?" : "%.1f s".formatted(millis / 1000.0);
    }

    /** As much of the key as `feedbackctl keys list` shows, enough to tell keys apart. */
    private static String keyPrefix(String key) {
        return key.substring(0, Math.min(12, key.length())) + "…";
    }
}
