package io.feedbackpipeline.gateway.http;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.springframework.boot.webmvc.autoconfigure.WebMvcProperties;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shared HTTP parts a route uses, made as the application makes them, for controller slice tests that run
 * without servers (the fast loop). The parts keep their package-private constructors; this is the test side's way in.
 */
public final class HttpParts {

    public static final RequestLimits LIMITS =
            new RequestLimits(DataSize.ofMegabytes(1), DataSize.ofKilobytes(64), DataSize.ofMegabytes(32), 1000);

    private HttpParts() {}

    public static JsonBodies jsonBodies() {
        return new JsonBodies(new RequestBodies(), new StrictJson(LIMITS));
    }

    public static TolerantReading tolerantReading() {
        return new TolerantReading(new SimpleMeterRegistry());
    }

    public static DirectAnswers directAnswers() {
        return new DirectAnswers(new ProblemWriter(), JsonMapper.builder().build(), new WebMvcProperties());
    }

    /** The advice that answers every failure as problem+json. */
    public static Object problemResponses() {
        return new ProblemResponses(new ProblemWriter());
    }

    public static List<Object> adviceAndWriter() {
        return List.of(problemResponses());
    }
}
