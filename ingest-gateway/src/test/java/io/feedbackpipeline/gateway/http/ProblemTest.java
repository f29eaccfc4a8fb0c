package io.feedbackpipeline.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.gateway.publish.BrokerUnconfirmed;
import io.feedbackpipeline.gateway.publish.PublishQueueFull;
import io.feedbackpipeline.jsoncontract.InvalidRequestException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpStatus;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one mapping from failures to answers, and the one writer's members. */
class ProblemTest {

    @Test
    @DisplayName("each failure's status, type and Retry-After")
    void statusMapping() {
        assertThat(Problem.of(InvalidRequestException.of("flag", "must be true or false")))
                .returns(400, Problem::status)
                .returns("invalid-request", Problem::slug);
        assertThat(Problem.of(new GatewayException(HttpStatus.TOO_MANY_REQUESTS, "slow", Duration.ofMillis(1_200))))
                .returns(429, Problem::status)
                .returns(Duration.ofMillis(1_200), Problem::retryAfter);
        assertThat(Problem.of(new BrokerUnconfirmed("t", new TimeoutException())))
                .returns(503, Problem::status)
                .returns("broker-unconfirmed", Problem::slug);
        assertThat(Problem.of(new PublishQueueFull(10))).returns("overloaded", Problem::slug);
        assertThat(Problem.of(new TransientDataAccessResourceException("down")))
                .returns(503, Problem::status)
                .returns("database-unavailable", Problem::slug);
        assertThat(Problem.of(new HttpRequestMethodNotSupportedException("DELETE")))
                .returns(405, Problem::status);
        assertThat(Problem.of(new IllegalStateException("bug")))
                .returns(500, Problem::status)
                .returns("internal-error", Problem::slug);
    }

    @Test
    @DisplayName("every problem is written with type, title, status, detail, instance and errors, in that order")
    void members() {
        JsonNode written = JsonMapper.builder()
                .build()
                .readTree(new ProblemWriter()
                        .bytes(Problem.of(new GatewayException(HttpStatus.NOT_FOUND, "no such log")), "/v1/x"));

        assertThat(written.propertyNames()).containsExactly("type", "title", "status", "detail", "instance", "errors");
        assertThat(written.get("type").asString()).isEqualTo("tag:feedback-pipeline,2026:problem:not-found");
        assertThat(written.get("errors").isArray()).isTrue();
    }
}
