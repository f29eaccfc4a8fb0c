package io.feedbackpipeline.localstack.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.catalog.CatalogMigrations;
import io.feedbackpipeline.localstack.postgres.PostgresServer;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Issue 20 item 7: the services' environment was assembled three times (the local stack, the clusters of the fault
 * suite and benchmarks, docker-compose.yml) with differences. The Java side is now one {@link ServiceEnvironment};
 * compose cannot import it, so this fails when compose's service environment, the role names of its init script or
 * of the services' defaults drift from it.
 */
class ComposeEnvironmentTest {

    private static final Path ROOT = Path.of("..");
    /** Set in the images themselves (Dockerfile ENV) or by each service's own defaults, not in compose. */
    private static final Set<String> FROM_THE_IMAGE =
            Set.of("SERVER_PORT", "MANAGEMENT_SERVER_PORT", "MALLOC_ARENA_MAX");

    private final ServiceEnvironment java =
            new ServiceEnvironment("kafka:9092", "jdbc:postgresql://postgres:5432/feedback", 6);

    @Test
    @DisplayName("compose gives each service every setting the Java definition gives it, with the same roles")
    void composeAgreesWithTheJavaDefinition() throws IOException {
        Map<String, String> processor = composeEnvironment("rating-processor");
        Map<String, String> gateway = composeEnvironment("ingest-gateway");

        assertThat(processor.keySet()).containsAll(withoutImageSettings(java.processor(8081)));
        assertThat(gateway.keySet()).containsAll(withoutImageSettings(java.gateway(8080, 8090)));
        assertThat(processor)
                .containsEntry("SPRING_DATASOURCE_USERNAME", PostgresServer.PROCESSOR.name())
                .containsEntry("SPRING_DATASOURCE_URL", java.jdbcUrl());
        assertThat(gateway)
                .containsEntry("SPRING_DATASOURCE_USERNAME", PostgresServer.GATEWAY.name())
                .containsEntry("SPRING_DATASOURCE_URL", java.jdbcUrl());
        assertThat(processor.keySet())
                .as("no service holds the owner's password")
                .noneMatch(k -> k.contains("FLYWAY"));
        for (String service : Set.of("rating-processor", "ingest-gateway")) {
            String dockerfile = Files.readString(ROOT.resolve(service).resolve("Dockerfile"));
            assertThat(dockerfile).contains("SERVER_PORT=", "MALLOC_ARENA_MAX=2");
            assertThat(dockerfile)
                    .as("the image runs with the options the local stack and the benchmarks give " + service)
                    .contains(ServiceJvm.defaultsOf(service));
        }
    }

    @Test
    @DisplayName(
            "the role names of compose's init script, the migrate step and the services' defaults are the Java ones")
    void roleNamesAgree() throws IOException {
        CatalogMigrations.ServiceRoles roles = CatalogMigrations.ServiceRoles.DEFAULT;
        String init = Files.readString(ROOT.resolve("deploy/postgres/10-feedback-roles.sh"));
        assertThat(init)
                .contains("CREATE ROLE " + PostgresServer.OWNER.name() + " ")
                .contains("CREATE ROLE " + roles.gateway() + " ")
                .contains("CREATE ROLE " + roles.processor() + " ")
                .contains("OWNER " + PostgresServer.OWNER.name());
        assertThat(composeEnvironment("migrate")).containsEntry("JDBC_USER", PostgresServer.OWNER.name());
        assertThat(Files.readString(ROOT.resolve("rating-processor/src/main/resources/application.yml")))
                .contains("username: " + roles.processor());
        assertThat(Files.readString(ROOT.resolve("ingest-gateway/src/main/resources/application.yml")))
                .contains("username: " + roles.gateway());
    }

    private static Set<String> withoutImageSettings(Map<String, String> environment) {
        return environment.keySet().stream()
                .filter(k -> !FROM_THE_IMAGE.contains(k))
                .collect(Collectors.toSet());
    }

    /** A compose service's environment, YAML merge keys ({@code <<: *service-env}) resolved as compose does. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> composeEnvironment(String service) throws IOException {
        try (Reader file = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(file);
            Map<String, Object> services = (Map<String, Object>) compose.get("services");
            Map<String, Object> environment =
                    (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("environment");
            Map<String, String> values = new LinkedHashMap<>();
            environment.forEach((name, value) -> values.put(name, String.valueOf(value)));
            return values;
        }
    }
}
