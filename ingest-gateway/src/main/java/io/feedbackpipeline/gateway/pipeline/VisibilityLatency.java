package io.feedbackpipeline.gateway.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.feedbackpipeline.catalog.ProjectionTables;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How long this project's feedback took from the gateway to the tables, measured on the registers themselves: a
 * register's {@code updated_at} is its projection's commit time and {@code received_at} when the gateway took it
 * (or a direct producer stamped it). Over the registers written in the window, newest items only: a register
 * rewritten counts once, for its latest write.
 */
@Component
class VisibilityLatency {

    /** Percentiles in milliseconds; null when no register was written in the window. */
    record Percentiles(
            @JsonProperty("window_seconds") long windowSeconds,
            @JsonProperty("samples") long samples,
            @JsonProperty("p50_ms") Double p50,
            @JsonProperty("p99_ms") Double p99) {}

    // The (project_id, occurred_at) index finds recent items; received_at then bounds them to the window. An item
    // sent with a feedback time more than an hour before it arrived is not among the samples.
    private static final String PERCENTILES = ProjectionTables.LIVE.apply("""
            SELECT count(*) AS samples,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
                   percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
              FROM (SELECT 1000 * extract(epoch FROM f.updated_at - f.received_at) AS ms
                      FROM {feedback} f
                     WHERE f.project_id = :project
                       AND f.occurred_at >= now() - make_interval(secs => :window) - interval '1 hour'
                       AND f.received_at >= now() - make_interval(secs => :window)) s""");

    private final JdbcClient jdbc;
    private final ConsoleProperties properties;

    VisibilityLatency(JdbcClient jdbc, ConsoleProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    Percentiles of(UUID project) {
        long window = properties.visibilityWindow().toSeconds();
        return jdbc.sql(PERCENTILES)
                .param("project", project)
                .param("window", window)
                .query((row, n) -> new Percentiles(
                        window,
                        row.getLong("samples"),
                        row.getObject("p50", Double.class),
                        row.getObject("p99", Double.class)))
                .single();
    }
}
