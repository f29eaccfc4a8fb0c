package io.feedbackpipeline.gateway.http;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import org.springframework.stereotype.Component;

/**
 * The seed APIs' routes (Baseplate, Paradigm) read tolerantly, as their own servers do: a field or query parameter
 * they do not know is skipped, not refused, so existing clients that send extras keep working. Each one skipped is
 * counted in {@code feedback_ignored_inputs_total{route, where}}, so an operator can see what clients send that is
 * dropped. The native API stays strict: there a typo is a 400, never a silent loss.
 */
@Component
public class TolerantReading {

    private final MeterRegistry meters;

    TolerantReading(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Counts {@code names} as skipped; {@code where} is {@code body} or {@code query}. */
    public void ignored(String route, String where, Collection<String> names) {
        if (!names.isEmpty()) {
            meters.counter("feedback.ignored.inputs", "route", route, "where", where)
                    .increment(names.size());
        }
    }

    /** Counts the request's query parameters: no seed route reads any. */
    public void ignoreQuery(String route, QueryParameters query) {
        int parameters = query.size();
        if (parameters > 0) {
            meters.counter("feedback.ignored.inputs", "route", route, "where", "query")
                    .increment(parameters);
        }
    }
}
