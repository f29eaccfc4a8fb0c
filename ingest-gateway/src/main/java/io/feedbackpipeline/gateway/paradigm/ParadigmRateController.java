package io.feedbackpipeline.gateway.paradigm;

import io.feedbackpipeline.catalog.FeedbackType;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.Unauthorized;
import io.feedbackpipeline.gateway.feedback.FeedbackInput;
import io.feedbackpipeline.gateway.feedback.FeedbackTypeCatalog;
import io.feedbackpipeline.gateway.feedback.Submission;
import io.feedbackpipeline.gateway.feedback.SubmitFeedback;
import io.feedbackpipeline.gateway.http.BodyType;
import io.feedbackpipeline.gateway.http.DirectAnswers;
import io.feedbackpipeline.gateway.http.GatewayException;
import io.feedbackpipeline.gateway.http.RequestBodies;
import io.feedbackpipeline.gateway.http.RequestIdFilter;
import io.feedbackpipeline.gateway.http.StrictJson;
import io.feedbackpipeline.gateway.http.Violations;
import io.feedbackpipeline.gateway.idempotency.IdempotencyKeys;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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

    private final FeedbackTypeCatalog types;
    private final RequestBodies bodies;
    private final StrictJson json;
    private final SubmitFeedback submitFeedback;
    private final DirectAnswers answers;

    ParadigmRateController(FeedbackTypeCatalog types, RequestBodies bodies, StrictJson json,
            SubmitFeedback submitFeedback, DirectAnswers answers) {
        this.types = types;
        this.bodies = bodies;
        this.json = json;
        this.submitFeedback = submitFeedback;
        this.answers = answers;
    }

    /** 200 with no body once the broker acked; answered directly, the hottest route (see {@link DirectAnswers}). */
    @Operation(summary = "Create a completion feedback (Paradigm)")
    @ApiResponse(responseCode = "200", description = "stored: the broker acknowledged the event")
    @PostMapping("/api/v2/rate/{feedback_type_id}/{completion_id}")
    void rate(@PathVariable("feedback_type_id") String feedbackTypeId,
            @PathVariable("completion_id") String completionId, Caller caller, HttpServletRequest request,
            HttpServletResponse response,
            @RequestHeader(value = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        FeedbackType type = visibleType(feedbackTypeId, caller);
        BodyType bodyType = BodyType.of(request, List.of(BodyType.JSON, BodyType.FORM, BodyType.MULTIPART,
                BodyType.NONE));
        Violations violations = new Violations();
        ParadigmFeedbackForm form = switch (bodyType) {
            case JSON -> ParadigmFeedbackForm.fromJson(json.object(bodies.read(request)), violations);
            case NONE -> new ParadigmFeedbackForm(null, null, null, null);
            case FORM, MULTIPART -> {
                bodies.rejectDeclaredOversize(request);
                yield ParadigmFeedbackForm.fromParameters(request, violations);
            }
            case OTHER -> throw new IllegalStateException("BodyType.of refuses unlisted types");
        };
        violations.throwIfAny();
        FeedbackInput item = new FeedbackInput(completionId, type.id(), form.flag(), form.value(), form.comment(),
                form.tag(), null);
        answers.answer(request, response, submitFeedback.submit(caller, new Submission(null,
                FeedbackSource.PARADIGM_API, RequestIdFilter.of(request), completionId, List.of(item), idempotencyKey)),
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
