package io.feedbackpipeline.gateway.overload;

import io.feedbackpipeline.gateway.http.GatewayException;
import io.feedbackpipeline.gateway.http.ProblemWriter;
import io.feedbackpipeline.gateway.http.PublicRoutes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * When writes arrive faster than the gateway answers them, the ones it cannot start within {@code maxWait} are
 * refused with 503 + Retry-After, before authentication or the body is read, instead of queueing for seconds: what
 * is admitted stays within its latency bound, and what is refused learns it in milliseconds and was not published.
 * Reads and the public routes (probes above all: a shed liveness probe would get a busy gateway restarted) are never
 * shed.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class LoadShedding extends OncePerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final OverloadProperties properties;
    private final WriteLimit limit;
    private final ProblemWriter problems;
    private final Counter refused;

    LoadShedding(
            OverloadProperties properties,
            TomcatServerProperties tomcat,
            ProblemWriter problems,
            MeterRegistry meters) {
        int threads = tomcat.getThreads().getMax();
        if (properties.enabled() && properties.backlog() >= threads / 2) {
            // Waiting writes hold threads: with few left over, requests would queue unseen in Tomcat's executor for
            // as long as it takes, the very wait this filter exists to bound.
            throw new IllegalStateException("pipeline.gateway.overload.backlog (" + properties.backlog()
                    + ") must stay below half of server.tomcat.threads.max (" + threads + ")");
        }
        this.properties = properties;
        this.limit = new WriteLimit(properties.maxConcurrency(), properties.backlog(), properties.maxWait());
        this.problems = problems;
        this.refused = Counter.builder("gateway.overload.refused")
                .description("writes refused with 503 because the gateway was at its concurrency limit")
                .register(meters);
        Gauge.builder("gateway.overload.limit", limit, WriteLimit::limit)
                .description("writes the gateway works on at once")
                .register(meters);
        Gauge.builder("gateway.overload.in.progress", limit, WriteLimit::inProgress)
                .description("writes in progress")
                .register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !properties.enabled()
                || READS.contains(request.getMethod())
                || PublicRoutes.contains(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!limit.acquire()) {
            refused.increment();
            problems.write(
                    response,
                    new GatewayException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "overloaded",
                            "The gateway is working on as many requests as it can; this one was not read and"
                                    + " nothing was published. Retry after the Retry-After delay (with the same"
                                    + " Idempotency-Key, if you sent one).",
                            properties.retryAfter(),
                            Map.of()),
                    request.getRequestURI());
            return;
        }
        boolean handed = false;
        try {
            chain.doFilter(request, response);
            handed = true;
        } finally {
            if (!handed || !request.isAsyncStarted() || !releasedAtTheEnd(request)) {
                limit.release();
            }
        }
    }

    /** An answer still on its way (waiting for the broker, say) keeps its turn until it is sent. */
    private boolean releasedAtTheEnd(HttpServletRequest request) {
        try {
            request.getAsyncContext().addListener(new ReleaseAtTheEnd(limit));
            return true;
        } catch (IllegalStateException e) {
            return false; // it ended in the meantime
        }
    }

    private record ReleaseAtTheEnd(WriteLimit limit) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            limit.release();
        }

        @Override
        public void onTimeout(AsyncEvent event) {}

        @Override
        public void onError(AsyncEvent event) {}

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this); // a new async cycle forgets the listeners of the last
        }
    }
}
