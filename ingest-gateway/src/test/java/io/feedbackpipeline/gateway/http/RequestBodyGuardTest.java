package io.feedbackpipeline.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletRequest;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

/** Every body is bounded before it is read, and all bodies together by a budget in bytes (issue 19 items 1, 13). */
class RequestBodyGuardTest {

    private final RequestBodyGuard guard = new RequestBodyGuard(
            new RequestLimits(DataSize.ofKilobytes(100), DataSize.ofKilobytes(10), DataSize.ofKilobytes(150), 1000),
            new ProblemWriter());

    @Test
    @DisplayName("a declared length over the route's limit is 413 unread; the registry's limit is smaller")
    void declaredOversize() throws Exception {
        AtomicInteger reached = new AtomicInteger();
        MockHttpServletResponse api = run(post("/v1/feedback", 200 * 1024), reached);
        MockHttpServletResponse registry = run(post("/schema-registry/subjects/x", 20 * 1024), reached);

        assertThat(api.getStatus()).isEqualTo(413);
        assertThat(api.getContentType()).isEqualTo("application/problem+json");
        assertThat(registry.getStatus()).isEqualTo(413);
        assertThat(reached).as("no handler saw them").hasValue(0);
    }

    @Test
    @DisplayName("a chunked body is cut off with 413 as it passes the limit")
    void chunkedOversize() {
        MockHttpServletRequest chunked = new MockHttpServletRequest("POST", "/v1/feedback") {
            @Override
            public long getContentLengthLong() {
                return -1; // a chunked body declares no length
            }
        };
        chunked.addHeader("Transfer-Encoding", "chunked");
        chunked.setContent(new byte[150 * 1024]);

        assertThatThrownBy(() -> guard.doFilter(chunked, new MockHttpServletResponse(), (request, response) -> {
                    try (InputStream in = request.getInputStream()) {
                        in.readAllBytes();
                    }
                }))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("larger than the limit");
    }

    @Test
    @DisplayName(
            "bodies beyond the budget while others are held are refused 503 with Retry-After, and it is freed after")
    void budget() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = new Thread(() -> {
            try {
                guard.doFilter(post("/v1/feedback", 100 * 1024), new MockHttpServletResponse(), (request, response) -> {
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        first.start();
        holding.await();

        MockHttpServletResponse refused = run(post("/v1/feedback", 60 * 1024), new AtomicInteger());
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(run(post("/v1/feedback", 40 * 1024), new AtomicInteger()).getStatus())
                .as("what fits in the rest of the budget")
                .isEqualTo(200);

        release.countDown();
        first.join();
        assertThat(run(post("/v1/feedback", 100 * 1024), new AtomicInteger()).getStatus())
                .isEqualTo(200);
    }

    private MockHttpServletResponse run(MockHttpServletRequest request, AtomicInteger reached) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        guard.doFilter(request, response, (ServletRequest in, jakarta.servlet.ServletResponse out) -> {
            reached.incrementAndGet();
        });
        return response;
    }

    private static MockHttpServletRequest post(String path, int length) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        if (length >= 0) {
            request.setContent(new byte[length]);
        }
        return request;
    }
}
