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
            long declared = request.getContentLengthLong();
            // A declared length (at most the guard's limit) is read into an array of its size: readAllBytes reads
            // into an 8 KB array and copies what it got, 11% of everything the gateway allocated under 1,000 clients
            // (docs/benchmarks.md). readNBytes still grows in 8 KB steps past that, so a length a client declares and
            // does not send costs no more than what it sends.
            return declared >= 0 && declared <= Integer.MAX_VALUE ? in.readNBytes((int) declared) : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }
}
