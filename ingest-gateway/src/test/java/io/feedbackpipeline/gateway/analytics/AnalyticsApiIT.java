package io.feedbackpipeline.gateway.analytics;

import static io.feedbackpipeline.gateway.support.ProcessorStandIn.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.jayway.jsonpath.JsonPath;
import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.gateway.support.GatewayIT;
import io.feedbackpipeline.gateway.support.GatewayTestBase;
import io.feedbackpipeline.gateway.support.Http.Response;
import io.feedbackpipeline.gateway.support.ProcessorStandIn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The analytics API on the real database, fed by the processor's own intake and writer: exact under last-write-wins
 * whether the rollup has caught up or not, in any time zone, and strict about its parameters.
 */
@GatewayIT
class AnalyticsApiIT extends GatewayTestBase {

    private static final int THUMBS = 1;
    private static final Instant T10 = Instant.parse("2026-11-02T10:05:00Z");
    private static final Instant T11 = Instant.parse("2026-11-02T11:20:00Z");
    private static final String RANGE = "from=2026-11-02T00:00:00Z&to=2026-11-03T00:00:00Z";

    private ProcessorStandIn processor;

    @BeforeEach
    void startProcessor() {
        processor = new ProcessorStandIn(infrastructure);
    }

    @AfterEach
    void stopProcessor() {
        processor.close();
    }

    @Test
    @DisplayName(
            "a thumbs-up changed to a thumbs-down counts once, as a thumbs-down, in its latest hour: before and after the rollup")
    void changedRatingCountsOnceAsItsLatest() {
        processor.rate(tenant.projectId(), tenant.endpointId(), item("u1", THUMBS, true, null, null, T10));
        processor.refreshRollup();
        processor.rate(tenant.projectId(), tenant.endpointId(), item("u1", THUMBS, false, null, null, T11));

        for (boolean refreshed : List.of(false, true)) {
            if (refreshed) {
                processor.refreshRollup();
            }
            String answer = analytics(RANGE + "&bucket=hour");
            assertThat(JsonPath.<String>read(answer, "$.source")).isEqualTo("rollup");
            assertThat(JsonPath.<List<String>>read(answer, "$.groups[*].bucket"))
                    .as("refreshed: %s", refreshed)
                    .containsExactly("2026-11-02T11:00Z");
            assertThat(JsonPath.<Integer>read(answer, "$.groups[0].stats.count"))
                    .isEqualTo(1);
            assertThat(JsonPath.<Integer>read(answer, "$.groups[0].stats.positive"))
                    .isZero();
            assertThat(JsonPath.<Integer>read(answer, "$.groups[0].stats.negative"))
                    .isEqualTo(1);
        }
    }

    @Test
    @DisplayName("an older rating arriving late changes nothing; a duplicate counts once")
    void lateAndDuplicateRatingsChangeNothing() {
        processor.rate(tenant.projectId(), tenant.endpointId(), item("u1", THUMBS, false, null, null, T11));
        processor.refreshRollup();
        processor.rate(tenant.projectId(), tenant.endpointId(), item("u1", THUMBS, true, null, null, T10));
        processor.rate(tenant.projectId(), tenant.endpointId(), item("u1", THUMBS, false, null, null, T11));

        String answer = analytics(RANGE + "&bucket=day");

        assertThat(JsonPath.<Integer>read(answer, "$.groups[0].stats.count")).isEqualTo(1);
        assertThat(JsonPath.<Integer>read(answer, "$.groups[0].stats.negative")).isEqualTo(1);
    }

    @Test
    @DisplayName("a newer completion log moves its feedback to the new model, before and after the rollup")
    void newerLogMovesFeedbackToItsModel() {
        processor.log(tenant.projectId(), "u1", tenant.endpointId(), "model-a", null, T10);
        processor.rate(tenant.projectId(), tenant.endpointId(), item("u1", THUMBS, true, null, null, T10));
        processor.refreshRollup();
        assertThat(models(analytics(RANGE + "&group_by=model&bucket=day"))).containsExactly("model-a");

        processor.log(tenant.projectId(), "u1", tenant.endpointId(), "model-b", null, T10);

        assertThat(models(analytics(RANGE + "&group_by=model&bucket=day"))).containsExactly("model-b");
        processor.refreshRollup();
        assertThat(models(analytics(RANGE + "&group_by=model&bucket=day"))).containsExactly("model-b");
    }

    @Test
    @DisplayName("statistics: Wilson interval for BOOLEAN, mean/min/max/distribution for NUMERIC, top tags for TEXT")
    void statisticsPerKind() {
        int stars = tenant.createFeedbackType(infrastructure, "NUMERIC", 1.0, 5.0);
        int notes = tenant.createFeedbackType(infrastructure, "TEXT", null, null);
        for (int i = 0; i < 10; i++) {
            processor.rate(
                    tenant.projectId(),
                    tenant.endpointId(),
                    item("u" + i, THUMBS, i < 8, null, null, T10),
                    item("u" + i, stars, null, (double) (i % 5 + 1), null, T10),
                    item("u" + i, notes, null, null, i < 6 ? "slow" : "wrong", T10));
        }
        processor.refreshRollup();

        String answer = analytics(RANGE + "&bucket=day");

        Map<String, Object> thumbs = group(answer, THUMBS);
        assertThat(thumbs).containsEntry("kind", "BOOLEAN").containsEntry("feedback_type", "positive_rating");
        Map<String, Object> stats = stats(thumbs);
        assertThat(stats)
                .containsEntry("count", 10)
                .containsEntry("positive", 8)
                .containsEntry("negative", 2);
        assertThat(number(stats, "positive_ratio")).isEqualTo(0.8);
        assertThat(number(stats, "ratio_low")).isCloseTo(0.4902, within(1e-4));
        assertThat(number(stats, "ratio_high")).isCloseTo(0.9433, within(1e-4));

        Map<String, Object> numeric = stats(group(answer, stars));
        assertThat(numeric).containsEntry("count", 10);
        assertThat(number(numeric, "mean")).isEqualTo(3.0);
        assertThat(number(numeric, "min")).isEqualTo(1.0);
        assertThat(number(numeric, "max")).isEqualTo(5.0);
        assertThat(JsonPath.<List<Integer>>read(numeric, "$.distribution[*].count"))
                .containsExactly(2, 2, 2, 2, 2);
        assertThat(JsonPath.<List<Number>>read(numeric, "$.distribution[*].from").stream()
                        .map(Number::doubleValue))
                .containsExactly(1.0, 2.0, 3.0, 4.0, 5.0);

        Map<String, Object> text = stats(group(answer, notes));
        assertThat(text).containsEntry("count", 10);
        assertThat(JsonPath.<List<String>>read(text, "$.top_tags[*].tag")).containsExactly("slow", "wrong");
        assertThat(JsonPath.<List<Integer>>read(text, "$.top_tags[*].count")).containsExactly(6, 4);
    }

    @Test
    @DisplayName("day buckets follow the time zone: 23:30 UTC is the next day in Paris")
    void dayBucketsInATimeZone() {
        processor.rate(
                tenant.projectId(),
                tenant.endpointId(),
                item("late", THUMBS, true, null, null, Instant.parse("2026-11-02T23:30:00Z")));
        processor.refreshRollup();

        String utc = analytics("from=2026-11-01T00:00:00Z&to=2026-11-05T00:00:00Z&bucket=day");
        String paris = analytics("from=2026-11-01T00:00:00Z&to=2026-11-05T00:00:00Z&bucket=day&time_zone=Europe/Paris");

        assertThat(JsonPath.<List<String>>read(utc, "$.groups[*].bucket")).containsExactly("2026-11-02T00:00Z");
        assertThat(JsonPath.<List<String>>read(paris, "$.groups[*].bucket")).containsExactly("2026-11-03T00:00+01:00");
        assertThat(JsonPath.<String>read(paris, "$.source")).isEqualTo("rollup");
        assertThat(JsonPath.<String>read(paris, "$.from")).isEqualTo("2026-11-01T00:00+01:00");
    }

    @Test
    @DisplayName("the hour repeated when summer time ends is two buckets; a half-hour zone's hours start at :30 UTC")
    void hoursAcrossDaylightSavingAndHalfHourZones() {
        processor.rate(
                tenant.projectId(),
                tenant.endpointId(),
                item("summer", THUMBS, true, null, null, Instant.parse("2026-10-25T00:30:00Z")),
                item("winter", THUMBS, false, null, null, Instant.parse("2026-10-25T01:30:00Z")));
        processor.refreshRollup();

        String paris =
                analytics("from=2026-10-24T22:00:00Z&to=2026-10-25T04:00:00Z&bucket=hour&time_zone=Europe/Paris");
        assertThat(JsonPath.<List<String>>read(paris, "$.groups[*].bucket"))
                .containsExactly("2026-10-25T02:00+02:00", "2026-10-25T02:00+01:00");

        String kolkata =
                analytics("from=2026-10-24T22:00:00Z&to=2026-10-25T04:00:00Z&bucket=hour&time_zone=Asia/Kolkata");
        assertThat(JsonPath.<String>read(kolkata, "$.source")).isEqualTo("registers");
        assertThat(JsonPath.<List<String>>read(kolkata, "$.groups[*].bucket"))
                .containsExactly("2026-10-25T06:00+05:30", "2026-10-25T07:00+05:30");
    }

    @Test
    @DisplayName(
            "bucket=none totals the exact range: whole hours from the rollup, the parts outside from the registers")
    void oneBucketForAnUnalignedRange() {
        processor.rate(
                tenant.projectId(),
                tenant.endpointId(),
                item("early", THUMBS, true, null, null, Instant.parse("2026-11-02T10:05:00Z")),
                item("inside", THUMBS, true, null, null, Instant.parse("2026-11-02T10:50:00Z")),
                item("whole-hour", THUMBS, false, null, null, Instant.parse("2026-11-02T11:20:00Z")),
                item("edge", THUMBS, true, null, null, Instant.parse("2026-11-02T12:10:00Z")),
                item("late", THUMBS, true, null, null, Instant.parse("2026-11-02T12:40:00Z")));

        for (boolean refreshed : List.of(false, true)) {
            if (refreshed) {
                processor.refreshRollup();
            }
            String answer = analytics("from=2026-11-02T10:30:00Z&to=2026-11-02T12:30:00Z&bucket=none");
            assertThat(JsonPath.<String>read(answer, "$.source")).isEqualTo("rollup");
            assertThat(JsonPath.<List<String>>read(answer, "$.groups[*].bucket"))
                    .containsExactly("2026-11-02T10:30Z");
            assertThat(stats(group(answer, THUMBS)))
                    .as("refreshed: %s", refreshed)
                    .containsEntry("count", 3)
                    .containsEntry("positive", 2);
            String withinAnHour = analytics("from=2026-11-02T10:10:00Z&to=2026-11-02T10:55:00Z&bucket=none");
            assertThat(stats(group(withinAnHour, THUMBS))).containsEntry("count", 1);
        }
    }

    @Test
    @DisplayName("an empty range answers 200 with no groups")
    void emptyRange() {
        Response response = http.get("/v1/analytics/feedback?" + RANGE + "&group_by=model,endpoint", tenant.apiKey());

        assertThat(response.status()).isEqualTo(200);
        assertThat(JsonPath.<List<Object>>read(response.body(), "$.groups")).isEmpty();
        assertThat(JsonPath.<List<String>>read(response.body(), "$.group_by")).containsExactly("endpoint", "model");
    }

    @Test
    @DisplayName("filters by endpoint, model, template, tag, feedback type and a values entry; by completion time")
    void filtersAndCompletionTime() {
        UUID otherEndpoint = new CatalogAdmin(infrastructure.dataSource())
                .createEndpoint(tenant.projectId(), "other")
                .id();
        processor.project(List.of(
                processor.logRecord(
                        tenant.projectId(),
                        UUID.randomUUID(),
                        "fr",
                        otherEndpoint,
                        "model-a",
                        "t1",
                        Map.of("lang", "fr"),
                        Instant.parse("2026-11-01T08:00:00Z"),
                        T10),
                processor.logRecord(
                        tenant.projectId(),
                        UUID.randomUUID(),
                        "en",
                        tenant.endpointId(),
                        "model-b",
                        "t2",
                        Map.of("lang", "en"),
                        T10,
                        T10)));
        processor.rate(tenant.projectId(), otherEndpoint, item("fr", THUMBS, true, null, "tone", T11));
        processor.rate(tenant.projectId(), tenant.endpointId(), item("en", THUMBS, false, null, null, T11));

        assertThat(count(analytics(RANGE + "&bucket=day&endpoint_id=" + otherEndpoint)))
                .isEqualTo(1);
        assertThat(count(analytics(RANGE + "&bucket=day&model=model-b"))).isEqualTo(1);
        assertThat(count(analytics(RANGE + "&bucket=day&template_id=t1"))).isEqualTo(1);
        assertThat(count(analytics(RANGE + "&bucket=day&tag=tone"))).isEqualTo(1);
        assertThat(count(analytics(RANGE + "&bucket=day&feedback_type_id=" + THUMBS)))
                .isEqualTo(2);
        assertThat(count(analytics(RANGE + "&bucket=day&feedback_type_id=999999")))
                .isZero();
        String french = analytics(RANGE + "&bucket=day&value_key=lang&value=fr");
        assertThat(JsonPath.<String>read(french, "$.source")).isEqualTo("registers");
        assertThat(count(french)).isEqualTo(1);

        String byCompletion = analytics(
                "from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00Z&bucket=day&time_basis=completion&group_by=model");
        assertThat(JsonPath.<List<String>>read(byCompletion, "$.groups[*].bucket"))
                .containsExactly("2026-11-01T00:00Z", "2026-11-02T00:00Z");
        assertThat(models(byCompletion)).containsExactly("model-a", "model-b");
    }

    @Test
    @DisplayName("the rollup's answer equals the registers' own, summed from minute buckets, for random feedback")
    void rollupEqualsRegisters() {
        Random random = new Random(21);
        List<String> models = List.of("model-a", "model-b", "model-c");
        for (int usage = 0; usage < 60; usage++) {
            String id = "r" + usage;
            Instant at = T10.plusSeconds(random.nextInt(6 * 3600));
            processor.log(tenant.projectId(), id, tenant.endpointId(), models.get(random.nextInt(3)), null, at);
            for (int change = 0; change <= random.nextInt(3); change++) {
                processor.rate(
                        tenant.projectId(),
                        tenant.endpointId(),
                        item(id, THUMBS, random.nextBoolean(), null, null, at.plusSeconds(random.nextInt(7200))));
            }
            if (usage % 7 == 0) {
                processor.refreshSome(5);
            }
        }
        processor.refreshSome(20);

        String rollup = analytics(RANGE + "&bucket=hour&group_by=model");
        String registers = analytics(RANGE + "&bucket=minute&group_by=model");

        assertThat(JsonPath.<String>read(rollup, "$.source")).isEqualTo("rollup");
        assertThat(JsonPath.<String>read(registers, "$.source")).isEqualTo("registers");
        assertThat(perHourAndModel(rollup))
                .isEqualTo(perHourAndModel(registers))
                .isNotEmpty();
    }

    @Test
    @DisplayName("bad parameters are refused with 400 problem+json naming each one")
    void badParameters() {
        Response response = http.get(
                "/v1/analytics/feedback?bucket=fortnight&time_zone=Mars/Olympus&group_by=colour&time_basis=arrival"
                        + "&endpoint_id=nope&feedback_type_id=x&value_key=lang&from=yesterday&colour=red",
                tenant.apiKey());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(JsonPath.<List<String>>read(response.body(), "$.errors[*].field"))
                .contains(
                        "bucket",
                        "time_zone",
                        "group_by",
                        "time_basis",
                        "endpoint_id",
                        "feedback_type_id",
                        "value",
                        "from",
                        "colour");

        assertRefused("from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z", "from", "before");
        assertRefused("from=2025-01-01T00:00:00Z&to=2026-11-02T00:00:00Z", "to", "400 days");
        assertRefused("from=2026-10-01T00:00:00Z&to=2026-11-02T00:00:00Z&bucket=minute", "bucket", "larger bucket");
        assertRefused("bucket=hour&bucket=day", "bucket", "once");
    }

    @Test
    @DisplayName("analytics need the read scope")
    void needsReadScope() {
        String ingestOnly = new CatalogAdmin(infrastructure.dataSource())
                .issueApiKey(tenant.projectId(), "widget", Set.of(ApiKeyScope.INGEST), null)
                .secret()
                .value();

        assertThat(http.get("/v1/analytics/feedback", ingestOnly).status()).isEqualTo(403);
        assertThat(http.get("/v1/analytics/feedback", null).status()).isEqualTo(401);
    }

    private void assertRefused(String query, String field, String reason) {
        Response response = http.get("/v1/analytics/feedback?" + query, tenant.apiKey());
        assertThat(response.status()).as(query).isEqualTo(400);
        assertThat(JsonPath.<List<String>>read(response.body(), "$.errors[*].field"))
                .as(query)
                .contains(field);
        assertThat(response.body()).as(query).contains(reason);
    }

    private String analytics(String query) {
        Response response = http.get("/v1/analytics/feedback?" + query, tenant.apiKey());
        assertThat(response.status()).as("%s -> %s", query, response.body()).isEqualTo(200);
        return response.body();
    }

    private static List<String> models(String answer) {
        return JsonPath.read(answer, "$.groups[*].model");
    }

    private static int count(String answer) {
        List<Integer> counts = JsonPath.read(answer, "$.groups[*].stats.count");
        return counts.stream().mapToInt(Integer::intValue).sum();
    }

    private static Map<String, Object> group(String answer, int type) {
        List<Map<String, Object>> groups = JsonPath.read(answer, "$.groups[?(@.feedback_type_id == " + type + ")]");
        assertThat(groups).hasSize(1);
        return groups.get(0);
    }

    private static double number(Map<String, Object> stats, String name) {
        return ((Number) stats.get(name)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stats(Map<String, Object> group) {
        return (Map<String, Object>) group.get("stats");
    }

    /** Positives and negatives per hour (the first 13 characters of a bucket) and model. */
    private static Map<String, List<Integer>> perHourAndModel(String answer) {
        Map<String, List<Integer>> sums = new TreeMap<>();
        List<Map<String, Object>> groups = JsonPath.read(answer, "$.groups[*]");
        for (Map<String, Object> group : groups) {
            String key = ((String) group.get("bucket")).substring(0, 13) + " " + group.get("model");
            Map<String, Object> stats = stats(group);
            List<Integer> sum = sums.computeIfAbsent(key, k -> new ArrayList<>(List.of(0, 0)));
            sum.set(0, sum.get(0) + (Integer) stats.get("positive"));
            sum.set(1, sum.get(1) + (Integer) stats.get("negative"));
        }
        return sums;
    }
}
