package io.feedbackpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.feedbackpipeline.gateway.support.GatewayIT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;

@GatewayIT
class HealthIT {

    @Value("${local.server.port}")
    int port;

    @Value("${local.management.port}")
    int managementPort;

    @Autowired
    HealthEndpointGroups groups;

    @Test
    @DisplayName("detailed health is UP on the management port, with the real database and broker behind it")
    void healthIsUp() throws Exception {
        String health = body(get(managementPort, "/actuator/health"), 200);
        String readiness = body(get(managementPort, "/actuator/health/readiness"), 200);

        assertThat(JsonPath.<String>read(health, "$.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(health, "$.components.db.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(health, "$.components.kafka.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(readiness, "$.status")).isEqualTo("UP");
    }

    @Test
    @DisplayName("the public port has a bare status for load balancers and no operations data")
    void publicPortShowsNoOperationsData() throws Exception {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(body(get(port, "/livez"), 200)).isEqualTo("{\"status\":\"UP\"}");
        assertThat(body(get(port, "/readyz"), 200)).isEqualTo("{\"status\":\"UP\"}");
        for (String operations : new String[] {"/actuator/prometheus", "/actuator/health", "/actuator/metrics"}) {
            assertThat(get(port, operations).statusCode()).as(operations).isIn(401, 404);
        }
    }

    @Test
    @DisplayName("liveness is the process alone: no broker or database outage may get a riding-out gateway restarted")
    void livenessIsTheProcessAlone() {
        HealthEndpointGroup liveness = groups.get("liveness");

        assertThat(liveness.isMember("livenessState")).isTrue();
        assertThat(List.of("kafka", "db", "diskSpace", "readinessState"))
                .noneSatisfy(
                        indicator -> assertThat(liveness.isMember(indicator)).isTrue());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static String body(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(status);
        return response.body();
    }
}
