package io.feedbackpipeline.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.feedbackpipeline.gateway.support.GatewayIT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

@GatewayIT
class HealthIT {

    @Value("${local.server.port}")
    int port;

    @Test
    @DisplayName("health and readiness are UP with the real database and broker behind them")
    void healthIsUp() throws Exception {
        String health = get("/actuator/health");
        String readiness = get("/actuator/health/readiness");

        assertThat(JsonPath.<String>read(health, "$.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(health, "$.components.db.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(health, "$.components.kafka.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(readiness, "$.status")).isEqualTo("UP");
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }
}
