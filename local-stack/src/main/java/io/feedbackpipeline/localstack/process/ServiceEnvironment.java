package io.feedbackpipeline.localstack.process;

import io.feedbackpipeline.localstack.postgres.PostgresServer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one definition of what each service is started with, outside its own jar: which servers, which login role,
 * which ports, and where it says it is live and ready. The local stack and the fault and benchmark clusters both start
 * services from it; {@code docker-compose.yml} states the same names for a deployment, and {@code
 * ComposeEnvironmentTest} fails when the two disagree.
 *
 * @param bootstrapServers the broker
 * @param jdbcUrl the pipeline's database
 * @param partitions partitions of topics the service creates when missing
 */
public record ServiceEnvironment(String bootstrapServers, String jdbcUrl, int partitions) {

    /** Where a service is live: the process runs (a restart policy watches this; an outage it rides out is not a death). */
    public static final String PROCESSOR_LIVENESS = "/actuator/health/liveness";

    public static final String GATEWAY_LIVENESS = "/livez";

    /** Where a service is ready: it can do its work now (what a user is told before using it). */
    public static final String PROCESSOR_READINESS = "/actuator/health/readiness";

    public static final String GATEWAY_READINESS = "/readyz";

    /** The settings every service takes: its servers and topic layout. */
    public Map<String, String> common(int port) {
        Map<String, String> environment = new LinkedHashMap<>(ServiceJvm.environment());
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        environment.put("SPRING_DATASOURCE_URL", jdbcUrl);
        environment.put("PIPELINE_TOPICS_PARTITIONS", Integer.toString(partitions));
        return environment;
    }

    /** The rating-processor: rows as its own role, never the owner's (migrations run before it). */
    public Map<String, String> processor(int port) {
        Map<String, String> environment = common(port);
        environment.put("SPRING_DATASOURCE_USERNAME", PostgresServer.PROCESSOR.name());
        environment.put("SPRING_DATASOURCE_PASSWORD", PostgresServer.PROCESSOR.password());
        return environment;
    }

    /** The ingest-gateway: its own role, and operations on a port of their own. */
    public Map<String, String> gateway(int port, int managementPort) {
        Map<String, String> environment = common(port);
        environment.put("SPRING_DATASOURCE_USERNAME", PostgresServer.GATEWAY.name());
        environment.put("SPRING_DATASOURCE_PASSWORD", PostgresServer.GATEWAY.password());
        environment.put("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort));
        return environment;
    }
}
