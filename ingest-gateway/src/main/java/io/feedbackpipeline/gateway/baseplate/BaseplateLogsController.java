package io.feedbackpipeline.gateway.baseplate;

import io.feedbackpipeline.catalog.FeedbackType;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.ProjectScope;
import io.feedbackpipeline.gateway.completionlog.CompletionLogReader;
import io.feedbackpipeline.gateway.completionlog.ProjectionWait;
import io.feedbackpipeline.gateway.completionlog.ProjectionWait.Written;
import io.feedbackpipeline.gateway.config.GatewayProperties;
import io.feedbackpipeline.gateway.feedback.FeedbackInput;
import io.feedbackpipeline.gateway.feedback.Submission;
import io.feedbackpipeline.gateway.feedback.SubmitFeedback;
import io.feedbackpipeline.gateway.feedback.SubmitFeedback.Accepted;
import io.feedbackpipeline.gateway.http.BodyType;
import io.feedbackpipeline.gateway.http.RequestBodies;
import io.feedbackpipeline.gateway.http.RequestIdFilter;
import io.feedbackpipeline.gateway.http.StrictJson;
import io.feedbackpipeline.gateway.idempotency.IdempotencyKeys;
import io.feedbackpipeline.schemas.FeedbackSource;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Baseplate's "Updates the Rating for a Completion Log". The whole request becomes one FeedbackBatch of type 1
 * ratings. After the broker ack it waits, bounded, for the projection and answers 200 with the log(s) as
 * Baseplate does; 202 with the event id when the rating is not visible in time, when a log does not exist (yet),
 * or when the client asked {@code Prefer: respond-async}.
 */
@RestController
class BaseplateLogsController {

    private final ProjectScope scope;
    private final RequestBodies bodies;
    private final StrictJson json;
    private final SubmitFeedback submitFeedback;
    private final ProjectionWait projectionWait;
    private final CompletionLogReader logs;
    private final GatewayProperties properties;

    BaseplateLogsController(ProjectScope scope, RequestBodies bodies, StrictJson json, SubmitFeedback submitFeedback,
            ProjectionWait projectionWait, CompletionLogReader logs, GatewayProperties properties) {
        this.scope = scope;
        this.bodies = bodies;
        this.json = json;
        this.submitFeedback = submitFeedback;
        this.projectionWait = projectionWait;
        this.logs = logs;
        this.properties = properties;
    }

    @Operation(summary = "Updates the rating of completion logs (Baseplate)",
            requestBody = @RequestBody(description = "{\"logs\": [{\"usage_id\", \"positive_rating\"}]} or "
                    + "{\"usage_id\", \"positive_rating\"}"))
    @PatchMapping("/endpoints/{id}/logs")
    ResponseEntity<Object> rate(@PathVariable("id") String endpointId, Caller caller, HttpServletRequest request,
            @RequestHeader(value = "Prefer", required = false) String prefer,
            @RequestHeader(value = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        UUID endpoint = scope.requireEndpoint(caller, endpointId);
        BodyType.of(request, List.of(BodyType.JSON, BodyType.NONE));
        BaseplateRatingRequest ratings =
                BaseplateRatingRequest.parse(json.object(bodies.read(request)), properties.limits().maxItems());

        List<FeedbackInput> items = ratings.ratings().stream()
                .map(r -> new FeedbackInput(r.usageId(), FeedbackType.POSITIVE_RATING, r.positive(), null, null,
                        null, null))
                .toList();
        Accepted accepted = submitFeedback.submit(caller, new Submission(endpoint, FeedbackSource.BASEPLATE_API,
                RequestIdFilter.of(request), endpoint.toString(), items, idempotencyKey));

        if (prefersAsync(prefer)) {
            return accepted(accepted, "respond-async");
        }
        Map<String, Written> lastWritePerLog = new LinkedHashMap<>();
        for (int index = 0; index < items.size(); index++) {
            String usageId = items.get(index).usageId();
            lastWritePerLog.remove(usageId); // re-insert: the answer lists logs in the order of their last rating
            lastWritePerLog.put(usageId, new Written(usageId, FeedbackType.POSITIVE_RATING, accepted.receivedAt(),
                    accepted.eventId(), index));
        }
        if (!projectionWait.awaitVisible(caller.projectId(), lastWritePerLog.values(),
                properties.readYourWrites().timeout())) {
            return accepted(accepted, null);
        }
        List<String> usageIds = new ArrayList<>(lastWritePerLog.keySet());
        Map<String, Map<String, Object>> found = logs.logs(caller.projectId(), usageIds);
        if (found.size() < usageIds.size()) {
            return accepted(accepted, null);
        }
        Object body = ratings.batch() ? usageIds.stream().map(found::get).toList() : found.get(usageIds.get(0));
        return ResponseEntity.ok(body);
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

    private static ResponseEntity<Object> accepted(Accepted accepted, String preferenceApplied) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.ACCEPTED);
        if (preferenceApplied != null) {
            response.header("Preference-Applied", preferenceApplied);
        }
        return response.body(Map.of("event_id", accepted.eventId().toString(), "status", "accepted"));
    }
}
