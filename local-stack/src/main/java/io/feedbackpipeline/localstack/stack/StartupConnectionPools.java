package io.feedbackpipeline.localstack.stack;

import java.util.HashMap;
import java.util.Map;

/**
 * The local stack's services open one database connection at start and the rest of their pool (up to ten) when load
 * asks for them, instead of ten each before they are ready. On two cores the twenty connections a fixed pool opens at
 * start, with the PostgreSQL backends behind them, cost each service 0.3-0.9 s of CPU inside its start-up (alternated
 * by hand twelve times, docs/getting-started.md). Deployments, the fault suite and the benchmarks keep Hikari's fixed
 * pool, its recommendation for steady load; a setting of the user's own wins here too.
 */
final class StartupConnectionPools {

    static final String SETTING = "SPRING_DATASOURCE_HIKARI_MINIMUM_IDLE";
    static final String STACK_DEFAULT = "1";

    private StartupConnectionPools() {}

    static Map<String, String> into(Map<String, String> serviceEnvironment, Map<String, String> userEnvironment) {
        Map<String, String> environment = new HashMap<>(serviceEnvironment);
        environment.put(SETTING, userEnvironment.getOrDefault(SETTING, STACK_DEFAULT));
        return environment;
    }
}
