package io.feedbackpipeline.benchmarks.analytics;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

/**
 * The question, "30 days, hourly, by model", asked of the gateway's API (rollup, exact) and, as the
 * reference, the same question answered from the raw tables by one SQL statement: the one the gateway runs when
 * the rollup cannot answer, without HTTP or JSON. One at a time, after a warm-up, latency in milliseconds.
 */
public final class AnalyticsQueries {

    /** Latencies of one way of answering, in ms, and how many groups or rows the answer had. */
    public record Latencies(double p50, double p99, double max, long answerSize) {}

    private static final String RAW = """
            SELECT date_trunc('hour', f.occurred_at, 'UTC') AS bucket, l.model, f.tag, f.feedback_type_id, f.flag,
                   f.value, count(*) AS registers
              FROM completion_feedback f
              LEFT JOIN completion_log l ON l.project_id = f.project_id AND l.usage_id = f.usage_id
             WHERE f.project_id = ? AND f.occurred_at >= ? AND f.occurred_at < ?
             GROUP BY 1, 2, 3, 4, 5, 6""";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public Latencies api(String gatewayUrl, AnalyticsData data, int warmUp, int runs) throws Exception {
        String query = "from=" + encode(data.from().toString()) + "&to="
                + encode(data.to().toString()) + "&bucket=hour&group_by=model";
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/analytics/feedback?" + query))
                .header("Authorization", "Bearer " + data.apiKey())
                .timeout(Duration.ofSeconds(60))
                .build();
        Histogram histogram = new Histogram(3);
        long size = 0;
        for (int i = 0; i < warmUp + runs; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long micros = (System.nanoTime() - start) / 1000;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("analytics answered " + response.statusCode() + ": " + response.body());
            }
            if (i >= warmUp) {
                histogram.recordValue(micros);
            }
            size = response.body().split("\"bucket\"", -1).length - 2; // one per group, less the query's own
        }
        return latencies(histogram, size);
    }

    public Latencies raw(DataSource dataSource, AnalyticsData data, int warmUp, int runs) throws SQLException {
        Histogram histogram = new Histogram(3);
        long size = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement statement = c.prepareStatement(RAW)) {
            statement.setObject(1, data.project());
            statement.setTimestamp(2, Timestamp.from(data.from()));
            statement.setTimestamp(3, Timestamp.from(data.to()));
            for (int i = 0; i < warmUp + runs; i++) {
                long start = System.nanoTime();
                long rows = 0;
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        rows++;
                    }
                }
                long micros = (System.nanoTime() - start) / 1000;
                if (i >= warmUp) {
                    histogram.recordValue(micros);
                }
                size = rows;
            }
        }
        return latencies(histogram, size);
    }

    private static Latencies latencies(Histogram histogram, long size) {
        return new Latencies(
                histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getMaxValue() / 1000.0,
                size);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
