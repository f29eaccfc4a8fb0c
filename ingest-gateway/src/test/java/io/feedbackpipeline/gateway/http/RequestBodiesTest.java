package io.feedbackpipeline.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * A body is read whole whether its length is declared or not (the declared one into an array of its size), and a
 * declared length the client did not send is no error here.
 */
class RequestBodiesTest {

    private final RequestBodies bodies = new RequestBodies();

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 187, 8191, 8192, 8193, 20_000, 100_000})
    void declaredLength(int size) {
        byte[] sent = random(size);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v2/rate/1/c");
        request.setContent(sent);

        assertThat(request.getContentLengthLong()).isEqualTo(size);
        assertThat(bodies.read(request)).isEqualTo(sent);
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 187, 8193, 100_000})
    void chunkedWithoutLength(int size) {
        byte[] sent = random(size);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v2/rate/1/c") {
            @Override
            public long getContentLengthLong() {
                return -1; // a chunked body declares no length
            }
        };
        request.setContent(sent);

        assertThat(bodies.read(request)).isEqualTo(sent);
    }

    @ParameterizedTest(name = "{0} bytes declared")
    @ValueSource(ints = {100, 50_000})
    void shorterThanDeclared(int declared) {
        byte[] sent = random(40);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v2/rate/1/c") {
            @Override
            public long getContentLengthLong() {
                return declared; // the connection ended before the declared length came
            }
        };
        request.setContent(sent);

        assertThat(bodies.read(request)).isEqualTo(sent);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
