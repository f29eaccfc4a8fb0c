package io.feedbackpipeline.gateway.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Reads a request body into memory, refusing with 413 as soon as it is larger than the limit: a declared
 * Content-Length is checked before reading, and a chunked body is cut off when it passes the limit.
 */
@Component
public class RequestBodies {

    private final long limit;

    public RequestBodies(RequestLimits limits) {
        this.limit = limits.maxBodySize().toBytes();
    }

    public byte[] read(HttpServletRequest request) {
        rejectDeclaredOversize(request);
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }

    /** For bodies the servlet container parses itself (forms, multipart). */
    public void rejectDeclaredOversize(HttpServletRequest request) {
        if (request.getContentLengthLong() > limit) {
            throw tooLarge();
        }
    }

    private GatewayException tooLarge() {
        return new GatewayException(
                HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than the limit of " + limit + " bytes.");
    }
}
