package io.feedbackpipeline.gateway.http;

import io.feedbackpipeline.gateway.publish.BrokerUnconfirmed;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.springframework.boot.webmvc.autoconfigure.WebMvcProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a request once its future completes, without holding a thread while it waits and without
 * sending the request through the filters, the DispatcherServlet and the handler lookup a second time. That second
 * pass is what a returned {@code CompletableFuture} costs in Spring MVC, and it was a third of the CPU of a
 * Paradigm rating (docs/benchmarks.md). The answer is written on a container thread ({@link AsyncContext#start}),
 * never on the Kafka producer's I/O thread that completes the future. A failure is answered through
 * {@link Problem#of} and {@link ProblemWriter}, as any other request's.
 */
@Component
public class DirectAnswers {

    /** An answer with a JSON body: its status, headers (Location, say) and the value written as the body. */
    public record JsonAnswer(HttpStatus status, HttpHeaders headers, Object body) {}

    private final ProblemWriter problems;
    private final JsonMapper json;
    private final long timeoutMillis;

    DirectAnswers(ProblemWriter problems, JsonMapper json, WebMvcProperties mvc) {
        this.problems = problems;
        this.json = json;
        Duration timeout = mvc.getAsync().getRequestTimeout();
        this.timeoutMillis = timeout == null ? 30_000 : timeout.toMillis();
    }

    /** Answers {@code success} with no body when {@code outcome} completes normally, a problem when it fails. */
    public void answer(
            HttpServletRequest request,
            HttpServletResponse response,
            CompletableFuture<?> outcome,
            HttpStatus success) {
        answerWith(request, response, outcome, ignored -> {
            response.setStatus(success.value());
            response.setContentLength(0);
        });
    }

    /**
     * Answers with the JSON answer {@code outcome} completes with (written by the application's own mapper, as Spring
     * MVC would), a problem when it fails.
     */
    public void answerJson(
            HttpServletRequest request, HttpServletResponse response, CompletableFuture<JsonAnswer> outcome) {
        answerWith(request, response, outcome, answer -> {
            byte[] body = json.writeValueAsBytes(answer.body());
            response.setStatus(answer.status().value());
            answer.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setContentLength(body.length);
            try {
                response.getOutputStream().write(body);
            } catch (IOException e) {
                // The client went away; there is nobody left to answer.
            }
        });
    }

    private <T> void answerWith(
            HttpServletRequest request,
            HttpServletResponse response,
            CompletableFuture<T> outcome,
            Consumer<T> success) {
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
        outcome.whenComplete((result, failure) -> {
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
                            success.accept(result);
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
