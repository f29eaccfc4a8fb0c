package io.feedbackpipeline.gateway.baseplate;

import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.catalog.FeedbackType;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.ProjectScope;
import io.feedbackpipeline.gateway.auth.RequiresScope;
import io.feedbackpipeline.gateway.completionlog.CompletionLogView;
import io.feedbackpipeline.gateway.feedback.Submission;
import io.feedbackpipeline.gateway.feedback.SubmitFeedback;
import io.feedbackpipeline.gateway.http.BodyType;
import io.feedbackpipeline.gateway.http.DirectAnswers;
import io.feedbackpipeline.gateway.http.DirectAnswers.JsonAnswer;
import io.feedbackpipeline.gateway.http.JsonBodies;
import io.feedbackpipeline.gateway.http.QueryParameters;
import io.feedbackpipeline.gateway.http.RequestIdFilter;
import io.feedbackpipeline.gateway.http.RequestLimits;
import io.feedbackpipeline.gateway.http.TolerantReading;
import io.feedbackpipeline.gateway.idempotency.EventIdentity;
import io.feedbackpipeline.gateway.idempotency.IdempotencyKeys;
import io.feedbackpipeline.gateway.publish.Accepted;
import io.feedbackpipeline.gateway.publish.Submissions;
import io.feedbackpipeline.gateway.readyourwrites.ReadYourWrites;
import io.feedbackpipeline.gateway.receipt.EventLocations;
import io.feedbackpipeline.jsoncontract.FeedbackInput;
import io.feedbackpipeline.jsoncontract.Violations;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Baseplate's "Updates the Rating for a Completion Log". The whole request becomes one FeedbackBatch of type 1
 * ratings. After the broker ack it waits, bounded and without holding a thread, for the projection, and answers
 * 200 with one completion log object as Baseplate does: the log of the request's last entry, as far as it is known
 * (a log the pipeline has not seen is its id, project and rating, the rest null). 202 with the event id when the
 * rating is not visible in time, or when the client asked {@code Prefer: respond-async}. Answered directly, without
 * Spring MVC's second dispatch (see {@link DirectAnswers}).
 */
@RestController
class BaseplateLogsController {

    private static final String ROUTE = "baseplate-logs";

    private final ProjectScope scope;
    private final JsonBodies bodies;
    private final SubmitFeedback submitFeedback;
    private final ReadYourWrites waiters;
    private final RequestLimits limits;
    private final TolerantReading tolerant;

    private final EventLocations locations;
    private final DirectAnswers answers;

    BaseplateLogsController(
            ProjectScope scope,
            JsonBodies bodies,
            SubmitFeedback submitFeedback,
            ReadYourWrites waiters,
            RequestLimits limits,
            TolerantReading tolerant,
            EventLocations locations,
            DirectAnswers answers) {
        this.locations = locations;
        this.answers = answers;
        this.tolerant = tolerant;
        this.scope = scope;
        this.bodies = bodies;
        this.submitFeedback = submitFeedback;
        this.waiters = waiters;
        this.limits = limits;
    }

    @Operation(
            summary = "Updates the Rating for a Completion Log (Baseplate)",
            requestBody =
                    @RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = BaseplateRatingSchema.class))))
    @ApiResponse(
            responseCode = "200",
            description =
                    "The completion log of the request's last entry, as far as the"
                            + " pipeline knows it (a log it has not seen: id, project_id, positive_rating, rating, the rest null)",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = CompletionLogView.class)))
    @ApiResponse(
            responseCode = "202",
            description = "Accepted, {event_id, status}: with Prefer: respond-async, or"
                    + " when the rating was not visible within the wait",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Accepted.class)))
    @RequiresScope(ApiKeyScope.INGEST)
    @PatchMapping("/endpoints/{id}/logs")
    void rate(
            @PathVariable("id") String endpointId,
            Caller caller,
            HttpServletRequest request,
            HttpServletResponse response,
            @RequestHeader(value = "Prefer", required = false) String prefer,
            @RequestHeader(value = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        UUID endpoint = scope.requireEndpoint(caller, endpointId);
        JsonNode body = bodies.object(request, BodyType.JSON, BodyType.NONE);
        tolerant.ignoreQuery(ROUTE, QueryParameters.of(request));
        List<String> ignored = new ArrayList<>();
        BaseplateRatingRequest ratings = BaseplateRatingRequest.parse(body, limits.maxItems(), ignored);
        tolerant.ignored(ROUTE, "body", ignored);
        List<FeedbackInput> items = ratings.ratings().stream()
                .map(r -> new FeedbackInput(
                        r.usageId(), FeedbackType.POSITIVE_RATING, r.positive(), null, null, null, null))
                .toList();
        Submissions.Prepared<FeedbackBatch> prepared = submitFeedback.prepare(
                caller,
                new Submission(
                        endpoint,
                        FeedbackSource.BASEPLATE_API,
                        RequestIdFilter.of(request),
                        endpoint.toString(),
                        items,
                        idempotencyKey),
                new Violations());

        answers.answerJson(request, response, answer(prepared, caller, prefersAsync(prefer)));
    }

    /** The log once the ratings are visible; 202 when asked to answer at once, or when they were not in time. */
    private CompletableFuture<JsonAnswer> answer(
            Submissions.Prepared<FeedbackBatch> prepared, Caller caller, boolean respondAsync) {
        if (respondAsync) {
            return submitFeedback.publish(prepared).thenApply(accepted -> accepted(accepted, "respond-async"));
        }
        // Registered before publishing, so the commit that makes the ratings visible cannot be missed.
        Optional<CompletableFuture<Optional<CompletionLogView>>> visible =
                waiters.register(caller.projectId(), lastItem(prepared.event()));
        return submitFeedback
                .publish(prepared)
                .whenComplete((accepted, failure) -> {
                    if (failure != null) {
                        visible.ifPresent(answer -> answer.cancel(false));
                    }
                })
                .thenCompose(accepted -> visible.map(answer -> answer.thenApply(log -> log.map(shown ->
                                        new JsonAnswer(HttpStatus.OK, HttpHeaders.EMPTY, visibleTo(caller, shown)))
                                .orElseGet(() -> accepted(accepted, null))))
                        .orElseGet(() -> CompletableFuture.completedFuture(accepted(accepted, null))));
    }

    /**
     * Baseplate answers a rating with the log itself, prompt and completion included. A key without the read scope
     * (a widget's ingest key) gets the documented status and shape, with only what it wrote and whose log it is.
     */
    private static CompletionLogView visibleTo(Caller caller, CompletionLogView log) {
        return caller.may(ApiKeyScope.READ) ? log : log.ratingOnly();
    }

    /**
     * The register of the request's last entry, at the version the prepared event gives it: what the answer shows,
     * and, since a request is one record projected in one transaction, the last of its items to become visible.
     */
    private static ReadYourWrites.Awaited lastItem(FeedbackBatch batch) {
        int index = batch.getItems().size() - 1;
        FeedbackItem last = batch.getItems().get(index);
        return new ReadYourWrites.Awaited(
                last.getUsageId(), last.getFeedbackTypeId(), last.getOccurredAt(), batch.getEventId(), index);
    }

    private static boolean prefersAsync(String prefer) {
        if (prefer == null) {
            return false;
        }
        for (String preference : prefer.split(",")) {
            if (preference.trim().split(";")[0].trim().equalsIgnoreCase("respond-async")) {
                return true;
            }
        }
        return false;
    }

    private JsonAnswer accepted(EventIdentity accepted, String preferenceApplied) {
        HttpHeaders headers = new HttpHeaders();
        headers.setLocation(locations.of(accepted.eventId()));
        if (preferenceApplied != null) {
            headers.set("Preference-Applied", preferenceApplied);
        }
        return new JsonAnswer(HttpStatus.ACCEPTED, headers, Accepted.of(accepted));
    }
}
