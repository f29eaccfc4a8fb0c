package io.feedbackpipeline.gateway.http;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds what any request body can cost, on every route, public or not, before anything reads it. A declared
 * Content-Length over the route's limit is refused with 413 unread; a chunked body is cut off with 413 as it passes
 * the limit. And all bodies together may hold at most the body budget: a request whose body would pass it is
 * answered 503 with Retry-After at once, never queued, so no burst of large requests can exhaust the heap.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestBodyGuard extends OncePerRequestFilter {

    private static final String REGISTRY_PREFIX = "/schema-registry/";
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final long maxBody;
    private final long maxRegistryBody;
    private final int budgetBytes;
    private final Semaphore budget;
    private final ProblemWriter problems;

    RequestBodyGuard(RequestLimits limits, ProblemWriter problems) {
        this.maxBody = limits.maxBodySize().toBytes();
        this.maxRegistryBody = limits.maxRegistryBodySize().toBytes();
        this.budgetBytes = (int) Math.min(Integer.MAX_VALUE, limits.bodyBudget().toBytes());
        this.budget = new Semaphore(budgetBytes);
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        boolean chunked = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (declared <= 0 && !chunked) {
            chain.doFilter(request, response);
            return;
        }
        long limit = request.getRequestURI().startsWith(REGISTRY_PREFIX) ? maxRegistryBody : maxBody;
        if (declared > limit) {
            problems.write(response, Problem.of(tooLarge(limit)), request.getRequestURI());
            return;
        }
        int reserved = (int) Math.min(budgetBytes, declared > 0 ? declared : limit);
        if (!budget.tryAcquire(reserved)) {
            problems.write(
                    response,
                    Problem.retryLater(
                            "overloaded",
                            "Too many request bodies are being read at once; this one was not read. Retry later.",
                            RETRY_AFTER),
                    request.getRequestURI());
            return;
        }
        try {
            chain.doFilter(new Bounded(request, limit), response);
        } finally {
            // The body is read and parsed before a handler goes asynchronous, so it is released here.
            budget.release(reserved);
        }
    }

    private static GatewayException tooLarge(long limit) {
        return new GatewayException(
                HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than the limit of " + limit + " bytes.");
    }

    /** The request, its body cut off with 413 as soon as it passes the limit. */
    private static final class Bounded extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw tooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
