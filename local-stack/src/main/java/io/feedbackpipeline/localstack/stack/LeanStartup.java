package io.feedbackpipeline.localstack.stack;

import java.util.HashMap;
import java.util.Map;

/**
 * What the local stack's services leave out of their start-up, because the stack does it or does not need it yet. On
 * two cores each service's start is a CPU budget (docs/getting-started.md), and both are spent at once:
 *
 * <ul>
 *   <li>One database connection at start, the rest of the pool (up to ten) as load asks, instead of ten each before
 *       they are ready: those twenty connections and their PostgreSQL backends cost each service 0.3-0.9 s of CPU
 *       (launched alone beside a warm stack, alternated twelve times).
 *   <li>No topic check: the supervisor has just created the topics ({@link LocalStack}), and the processor's own check,
 *       an admin client of its own, cost it ~0.3 s of CPU and of its start (alternated three times).
 * </ul>
 *
 * Deployments, the fault suite and the benchmarks keep both (Hikari's fixed pool is its recommendation for steady
 * load). A setting of the user's own wins.
 */
final class LeanStartup {

    static final Map<String, String> SETTINGS =
            Map.of("SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE", "1", "PIPELINE_TOPICS_CREATE", "false");

    private LeanStartup() {}

    static Map<String, String> into(Map<String, String> serviceEnvironment, Map<String, String> userEnvironment) {
        Map<String, String> environment = new HashMap<>(serviceEnvironment);
        SETTINGS.forEach((name, value) -> environment.put(name, userEnvironment.getOrDefault(name, value)));
        return environment;
    }
}
