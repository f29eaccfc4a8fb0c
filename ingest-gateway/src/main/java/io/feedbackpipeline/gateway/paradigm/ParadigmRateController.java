package io.feedbackpipeline.gateway.paradigm;

import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.catalog.FeedbackType;
import io.feedbackpipeline.gateway.auth.AcceptsFeedbackTokens;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.RequiresScope;
import io.feedbackpipeline.gateway.auth.Unauthorized;
import io.feedbackpipeline.gateway.feedback.FeedbackTypeCatalog;
import io.feedbackpipeline.gateway.feedback.Submission;
import io.feedbackpipeline.gateway.feedback.SubmitFeedback;
import io.feedbackpipeline.gateway.http.BodyType;
import io.feedbackpipeline.gateway.http.DirectAnswers;
import io.feedbackpipeline.gateway.http.GatewayException;
import io.feedbackpipeline.gateway.http.JsonBodies;
import io.feedbackpipeline.gateway.http.QueryParameters;
import io.feedbackpipeline.gateway.http.RequestIdFilter;
import io.feedbackpipeline.gateway.http.TolerantReading;
import io.feedbackpipeline.gateway.idempotency.IdempotencyKeys;
import io.feedbackpipeline.jsoncontract.FeedbackInput;
import io.feedbackpipeline.jsoncontract.Violations;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * LightOn Paradigm's {@code api_v2_rate_create}: one feedback of a type on a completion, as JSON, form-urlencoded
 * or multipart. 200 with no body once the broker acked; 404 for a type that does not exist.
 */
@RestController
class ParadigmRateController {

    private static final String ROUTE = "paradigm-rate";

    private final FeedbackTypeCatalog types;
    private final JsonBodies json;
    private final SubmitFeedback submitFeedback;
    private final DirectAnswers answers;
    private final TolerantReading tolerant;

    ParadigmRateController(
            FeedbackTypeCatalog types,
            JsonBodies json,
            SubmitFeedback submitFeedback,
            DirectAnswers answers,
            TolerantReading tolerant) {
        this.tolerant = tolerant;
        this.types = types;
        this.json = json;
        this.submitFeedback = submitFeedback;
        this.answers = answers;
    }

    /** 200 with no body once the broker acked; answered directly, the hottest route (see {@link DirectAnswers}). */
    @Operation(
            summary = "Create a completion feedback",
            operationId = "api_v2_rate_create",
            description = "Log a feedback of a given type and linked to an existing completion (LightOn Paradigm).",
            requestBody =
                    @RequestBody(
                            content = {
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = ParadigmFeedbackSchema.class)),
                                @Content(
                                        mediaType = "application/x-www-form-urlencoded",
                                        schema = @Schema(implementation = ParadigmFeedbackSchema.class)),
                                @Content(
                                        mediaType = "multipart/form-data",
                                        schema = @Schema(implementation = ParadigmFeedbackSchema.class))
                            }))
    @ApiResponse(responseCode = "200", description = "No response body: the broker acknowledged the event")
    @RequiresScope(ApiKeyScope.INGEST)
    @AcceptsFeedbackTokens
    @PostMapping("/api/v2/rate/{feedback_type_id}/{completion_id}")
    void rate(
            @Parameter(schema = @Schema(type = "integer")) @PathVariable("feedback_type_id") String feedbackTypeId,
            @PathVariable("completion_id") String completionId,
            Caller caller,
            HttpServletRequest request,
            HttpServletResponse response,
            @RequestHeader(value = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        FeedbackType type = visibleType(feedbackTypeId, caller);
        BodyType bodyType =
                BodyType.of(request, List.of(BodyType.JSON, BodyType.FORM, BodyType.MULTIPART, BodyType.NONE));
        Violations violations = new Violations();
        List<String> ignored = new ArrayList<>();
        QueryParameters query = QueryParameters.of(request);
        ParadigmFeedbackForm form = switch (bodyType) {
            case JSON -> {
                tolerant.ignoreQuery(ROUTE, query);
                yield ParadigmFeedbackForm.fromJson(json.read(request), violations, ignored);
            }
            case NONE -> {
                tolerant.ignoreQuery(ROUTE, query);
                yield new ParadigmFeedbackForm(null, null, null, null);
            }
            case FORM, MULTIPART -> {
                tolerant.ignoreQuery(ROUTE, query);
                yield ParadigmFeedbackForm.fromParameters(request, query, violations, ignored);
            }
            case OTHER -> throw new IllegalStateException("BodyType.of refuses unlisted types");
        };
        tolerant.ignored(ROUTE, "body", ignored);
        violations.throwIfAny();
        FeedbackInput item =
                new FeedbackInput(completionId, type.id(), form.flag(), form.value(), form.comment(), form.tag(), null);
        answers.answer(
                request,
                response,
                submitFeedback.submit(
                        caller,
                        new Submission(
                                null,
                                FeedbackSource.PARADIGM_API,
                                RequestIdFilter.of(request),
                                completionId,
                                List.of(item),
                                idempotencyKey)),
                HttpStatus.OK);
    }

    private FeedbackType visibleType(String feedbackTypeId, Caller caller) {
        int id;
        try {
            id = Integer.parseInt(feedbackTypeId);
        } catch (NumberFormatException e) {
            throw notFound(feedbackTypeId);
        }
        FeedbackType type = types.find(id).orElseThrow(() -> notFound(feedbackTypeId));
        if (!type.isVisibleTo(caller.projectId())) {
            throw new Unauthorized();
        }
        return type;
    }

    private static GatewayException notFound(String feedbackTypeId) {
        return new GatewayException(HttpStatus.NOT_FOUND, "Feedback type " + feedbackTypeId + " does not exist.");
    }
}
