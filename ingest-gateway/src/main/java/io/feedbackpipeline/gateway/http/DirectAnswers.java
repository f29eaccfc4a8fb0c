package io.feedbackpipeline.gateway.http;

import io.feedbackpipeline.gateway.publish.BrokerUnconfirmed;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Answers a request with no body once its future completes, without holding a thread while it waits and without
 * sending the request through the filters, the DispatcherServlet and the handler lookup a second time. That second
 * pass is what a returned {@code CompletableFuture} costs in Spring MVC, and it was a third of the CPU of a
 * Paradigm rating (docs/benchmarks.md). The answer is written on a container thread ({@link AsyncContext#start}),
 * never on the Kafka producer's I/O thread that completes the future. A failure is answered through
 * {@link Problem#of} and {@link ProblemWriter}, as any other request's.
 */
@Component
public class DirectAnswers {

    private final ProblemWriter problems;
    private final long timeoutMillis;

    DirectAnswers(ProblemWriter problems, WebMvcProperties mvc) {
        this.problems = problems;
        Duration timeout = mvc.getAsync().getRequestTimeout();
        this.timeoutMillis = timeout == null ? 30_000 : timeout.toMillis();
    }

    /** Answers {@code success} with no body when {@code outcome} completes normally, a problem when it fails. */
    public void answer(
            HttpServletRequest request,
            HttpServletResponse response,
            CompletableFuture<?> outcome,
            HttpStatus success) {
        AsyncContext async = request.startAsync(request, response);
        async.setTimeout(timeoutMillis);
        AtomicBoolean answered = new AtomicBoolean();
        // A timeout is only reached by a wait that the gateway's own timeouts failed to end.
        async.addListener(new Ending(answered, () -> {
            problems.write(
                    response,
                    Problem.of(new BrokerUnconfirmed(
                            "an event", new TimeoutException("no answer within " + timeoutMillis + " ms"))),
                    request.getRequestURI());
            async.complete();
        }));
        outcome.whenComplete((ignored, failure) -> {
            if (answered.get()) {
                return; // the request ended already: timed out, or the client went away
            }
            try {
                async.start(() -> {
                    if (!answered.compareAndSet(false, true)) {
                        return;
                    }
                    try {
                        if (failure == null) {
                            response.setStatus(success.value());
                            response.setContentLength(0);
                        } else {
                            problems.write(response, Problem.of(unwrap(failure)), request.getRequestURI());
                        }
                    } finally {
                        async.complete();
                    }
                });
            } catch (IllegalStateException e) {
                // The request ended between the check and the start; there is nobody left to answer.
            }
        });
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Ends the request with {@code onTimeout} when it times out; a client that went away needs no answer. */
    private record Ending(AtomicBoolean answered, Runnable onTimeout) implements AsyncListener {
        @Override
        public void onTimeout(AsyncEvent event) {
            if (answered.compareAndSet(false, true)) {
                onTimeout.run();
            }
        }

        @Override
        public void onError(AsyncEvent event) {
            answered.set(true);
        }

        @Override
        public void onComplete(AsyncEvent event) {}

        @Override
        public void onStartAsync(AsyncEvent event) {}
    }
}
