package io.feedbackpipeline.gateway.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.stereotype.Component;

/**
 * Reads a request body into memory. Its size is bounded before and while it is read by {@link RequestBodyGuard},
 * which answers 413 for any route.
 */
@Component
class RequestBodies {

    public byte[] read(HttpServletRequest request) {
        try (InputStream in = request.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }
}
