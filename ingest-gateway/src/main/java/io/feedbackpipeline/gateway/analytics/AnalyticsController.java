package io.feedbackpipeline.gateway.analytics;

import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.RequiresScope;
import io.feedbackpipeline.gateway.feedback.FeedbackTypeCatalog;
import io.feedbackpipeline.jsoncontract.Violations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Feedback statistics over a time range, exact under last-write-wins (docs/design-decisions.md, "Analytics"). */
@RestController
class AnalyticsController {

    static final Set<String> PARAMETERS = Set.of(
            "from",
            "to",
            "bucket",
            "time_zone",
            "time_basis",
            "group_by",
            "endpoint_id",
            "model",
            "feedback_type_id",
            "tag",
            "template_id",
            "value_key",
            "value");

    private final FeedbackCells cells;
    private final FeedbackTypeCatalog types;
    private final Clock clock;

    AnalyticsController(FeedbackCells cells, FeedbackTypeCatalog types, Clock clock) {
        this.cells = cells;
        this.types = types;
        this.clock = clock;
    }

    @Operation(
            summary = "Feedback statistics per time bucket and group",
            description = """
                    Counts every feedback register once, with its winning value, in the bucket of its winning item's \
                    time (or of its completion's). Every group is one feedback type: BOOLEAN types have positive, \
                    negative and the positive ratio with its 95% Wilson score interval; NUMERIC types the mean, \
                    minimum, maximum and a distribution in fixed buckets (one per value for integer scales of up to \
                    21 values, else ten of equal width over the type's bounds); TEXT types the ten most used tags (every type when the question groups or filters by tag). \
                    Only buckets holding feedback are listed. The range is widened to whole buckets; at most 400 \
                    days and 20,000 buckets.""",
            parameters = {
                @Parameter(
                        in = ParameterIn.QUERY,
                        name = "from",
                        description = "Start (ISO-8601 with offset); default to - 24 h",
                        schema = @Schema(type = "string", format = "date-time")),
                @Parameter(
                        in = ParameterIn.QUERY,
                        name = "to",
                        description = "End, exclusive (ISO-8601 with offset); default now",
                        schema = @Schema(type = "string", format = "date-time")),
                @Parameter(
                        in = ParameterIn.QUERY,
                        name = "bucket",
                        description = "minute, hour (default), day, week, or none: the whole range as one bucket",
                        schema =
                                @Schema(
                                        type = "string",
                                        allowableValues = {"minute", "hour", "day", "week", "none"},
                                        defaultValue = "hour")),
                @Parameter(
                        in = ParameterIn.QUERY,
                        name = "time_zone",
                        description = "IANA zone or offset the buckets are in; default UTC",
                        schema = @Schema(type = "string", defaultValue = "UTC")),
                @Parameter(
                        in = ParameterIn.QUERY,
                        name = "time_basis",
                        description = "feedback (default): the feedback's time; completion: its completion's",
                        schema =
                                @Schema(
                                        type = "string",
                                        allowableValues = {"feedback", "completion"},
                                        defaultValue = "feedback")),
                @Parameter(
                        in = ParameterIn.QUERY,
                        name = "group_by",
                        description =
                                "Comma-separated: endpoint, model, feedback_type, tag, template (feedback_type always applies)",
                        schema = @Schema(type = "string", example = "model,endpoint")),
                @Parameter(
                        in = ParameterIn.QUERY,
                        name = "endpoint_id",
                        description = "Only this endpoint (UUID)",
                        schema = @Schema(type = "string", format = "uuid")),
                @Parameter(
                        in = ParameterIn.QUERY,
                        name = "model",
                        description = "Only this model (openai_name)",
                        schema = @Schema(type = "string")),
                @Parameter(
                        in = ParameterIn.QUERY,
                        name = "feedback_type_id",
                        description = "Only this feedback type",
                        schema = @Schema(type = "integer")),
                @Parameter(
                        in = ParameterIn.QUERY,
                        name = "tag",
                        description = "Only feedback with this tag",
                        schema = @Schema(type = "string")),
                @Parameter(
                        in = ParameterIn.QUERY,
                        name = "template_id",
                        description = "Only this template",
                        schema = @Schema(type = "string")),
                @Parameter(
                        in = ParameterIn.QUERY,
                        name = "value_key",
                        description = "With value: only completions whose values[value_key] is value",
                        schema = @Schema(type = "string")),
                @Parameter(
                        in = ParameterIn.QUERY,
                        name = "value",
                        description = "See value_key",
                        schema = @Schema(type = "string"))
            })
    @RequiresScope(ApiKeyScope.READ)
    @GetMapping("/v1/analytics/feedback")
    ResponseEntity<AnalyticsAnswer> feedback(Caller caller, HttpServletRequest request) {
        Violations violations = new Violations();
        AnalyticsQuery query =
                AnalyticsQuery.parse(single(request.getParameterMap(), violations), clock.instant(), violations);
        Groups groups = new Groups(query);
        FeedbackCells.Source source = cells.read(caller.projectId(), query, groups::add);
        AnalyticsAnswer answer = new AnalyticsAnswer(
                query.from().atZone(query.zone()).toOffsetDateTime().toString(),
                query.to().atZone(query.zone()).toOffsetDateTime().toString(),
                query.bucket().unit(),
                query.zone().getId(),
                query.timeBasis(),
                query.groupByNames(),
                source.name().toLowerCase(Locale.ROOT),
                groups.answer(id -> types.find(id).orElse(null)));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(answer);
    }

    /** The query's parameters, refusing an unknown one (a misspelt filter must not widen the answer) or a repeat. */
    private static AnalyticsQuery.Parameters single(Map<String, String[]> parameters, Violations violations) {
        parameters.forEach((name, values) -> {
            if (!PARAMETERS.contains(name)) {
                violations.add(name, "is not a parameter of this route; it takes " + new TreeSet<>(PARAMETERS));
            } else if (values.length > 1) {
                violations.add(name, "is given " + values.length + " times; give it once");
            }
        });
        return name -> {
            String[] values = parameters.get(name);
            return values == null ? null : values[0];
        };
    }
}
