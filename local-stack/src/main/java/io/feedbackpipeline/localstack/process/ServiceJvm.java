package io.feedbackpipeline.localstack.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JVM options the local stack gives each service. The heap may grow to 512 MB under load, and G1 gives what it
 * no longer needs back to the system once the service idles (a periodic collection every 10 s of quiet, keeping at
 * most 30% of the heap free): without that a service keeps the peak of its last burst resident for good
 * (docs/benchmarks.md). The native heap is held down the same way: two malloc arenas instead of one per core and
 * thread burst, and freed native memory handed back every 10 s. A service that runs out of memory exits and is
 * restarted.
 *
 * <p>The stack also keeps the JIT to its first tier (C1), as Spring Boot's own {@code spring-boot:run} does: on two
 * cores the optimising compiler's work during start-up is what a service waits for (gateway alone 5.9-7.3 → 4.3-5.9 s
 * to ready, half the CPU; docs/getting-started.md), and once warm it costs the gateway ~18% more CPU per Baseplate
 * item at the same throughput. The benchmarks measure steady-state costs, so they run the services with
 * every tier ({@link #measured()}), as the container images do.
 */
public final class ServiceJvm {

    /** The memory settings, shared by the stack and the benchmarks. */
    public static final String MEMORY_OPTIONS = "-Xms64m -Xmx512m -XX:+UseG1GC -XX:G1PeriodicGCInterval=10000"
            + " -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TrimNativeHeapInterval=10000 -XX:+ExitOnOutOfMemoryError";

    /**
     * Each service's own: G1 may spend up to 20% of its time collecting instead of 8%, so under a burst it grows the
     * heap less. The gateway's peak under 1,000 clients was 21-124 MB lower in four pairs of overload runs, with as
     * many writes acknowledged ("The gateway on the serial collector"); the processor's resident memory right after a
     * backlog 300 and 342 MB against 372-507 MB in two pairs, as fast against the COPY reference ("The processor's
     * memory after a backlog"; both in docs/benchmarks.md).
     */
    public static final String SERVICE_OPTIONS = "-XX:GCTimeRatio=4";

    /** The local stack's {@code SERVICE_JAVA_OPTS} when none is set. */
    public static final String DEFAULT_OPTIONS = MEMORY_OPTIONS + " -XX:TieredStopAtLevel=1";

    private ServiceJvm() {}

    public static List<String> defaults() {
        return split(DEFAULT_OPTIONS);
    }

    /** What the benchmarks run the services with: the stack's memory settings and the JIT's every tier. */
    public static List<String> measured() {
        return split(MEMORY_OPTIONS);
    }

    /**
     * One service's options: {@code SERVICE_JAVA_OPTS} (else the defaults), then the service's own (its defaults, then
     * {@code GATEWAY_JAVA_OPTS} or {@code PROCESSOR_JAVA_OPTS}), which win where they repeat an option.
     */
    public static List<String> of(String service, Map<String, String> environment) {
        List<String> options = new ArrayList<>(split(environment.getOrDefault("SERVICE_JAVA_OPTS", DEFAULT_OPTIONS)));
        options.addAll(own(service, environment));
        return List.copyOf(options);
    }

    /** The options only this service gets, after the common ones: its own defaults, then its variable's. */
    public static List<String> own(String service, Map<String, String> environment) {
        List<String> options = new ArrayList<>(split(defaultsOf(service)));
        options.addAll(split(environment.getOrDefault(variableOf(service), "")));
        return List.copyOf(options);
    }

    static String variableOf(String service) {
        return switch (service) {
            case "ingest-gateway" -> "GATEWAY_JAVA_OPTS";
            case "rating-processor" -> "PROCESSOR_JAVA_OPTS";
            default -> throw new IllegalArgumentException("no service named " + service);
        };
    }

    /** What a service's image sets too (its {@code Dockerfile}'s {@code JAVA_TOOL_OPTIONS}). */
    public static String defaultsOf(String service) {
        return switch (service) {
            case "ingest-gateway", "rating-processor" -> SERVICE_OPTIONS;
            default -> throw new IllegalArgumentException("no service named " + service);
        };
    }

    private static List<String> split(String options) {
        return options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }

    /** The environment each service gets beside its options; a value set in this process's environment wins. */
    public static Map<String, String> environment() {
        return Map.of("MALLOC_ARENA_MAX", System.getenv().getOrDefault("MALLOC_ARENA_MAX", "2"));
    }
}
