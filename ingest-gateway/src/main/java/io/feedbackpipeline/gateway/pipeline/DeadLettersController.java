package io.feedbackpipeline.gateway.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.RequiresScope;
import io.feedbackpipeline.gateway.http.GatewayException;
import io.feedbackpipeline.jsoncontract.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The project's dead letters, and sending one back to its source topic once its cause is fixed. */
@RestController
class DeadLettersController {

    static final int MOST_LISTED = 500;

    /** One dead letter as listed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Letter(
            @JsonProperty("id") String id,
            @JsonProperty("source_topic") String sourceTopic,
            @JsonProperty("failed_at") Instant failedAt,
            @JsonProperty("reason") String reason,
            @JsonProperty("detail") String detail,
            @JsonProperty("origin") String origin,
            @JsonProperty("redriven_at") Instant redrivenAt) {}

    /**
     * @param open letters kept and not re-driven, by reason
     * @param seen every letter of the project the index has read, by reason
     * @param caughtUp false while the index is still reading what was on the topics when it started
     */
    record Letters(
            @JsonProperty("open") Map<String, Long> open,
            @JsonProperty("seen") Map<String, Long> seen,
            @JsonProperty("caught_up") boolean caughtUp,
            @JsonProperty("letters") List<Letter> letters) {}

    private final DeadLetterIndex index;
    private final Redrives redrives;

    DeadLettersController(DeadLetterIndex index, Redrives redrives) {
        this.index = index;
        this.redrives = redrives;
    }

    @Operation(summary = "This project's dead letters, newest first, with counts by reason")
    @RequiresScope(ApiKeyScope.READ)
    @GetMapping("/v1/dead-letters")
    Letters list(
            Caller caller,
            @RequestParam(name = "reason", required = false) String reason,
            @RequestParam(name = "limit", defaultValue = "100") int limit) {
        if (limit < 1 || limit > MOST_LISTED) {
            throw InvalidRequestException.of("limit", "must be between 1 and " + MOST_LISTED);
        }
        DeadLetterIndex.ProjectLetters letters = index.of(caller.projectId());
        Map<String, Instant> redriven = redrives.redrivenAt(caller.projectId());
        Map<String, Long> open = new TreeMap<>();
        letters.newest().stream()
                .filter(letter -> !redriven.containsKey(letter.id()))
                .forEach(letter -> open.merge(letter.reason(), 1L, Long::sum));
        List<Letter> listed = letters.newest().stream()
                .filter(letter -> reason == null || reason.equals(letter.reason()))
                .limit(limit)
                .map(letter -> new Letter(
                        letter.id(),
                        letter.sourceTopic(),
                        letter.failedAt(),
                        letter.reason(),
                        letter.detail(),
                        letter.origin(),
                        redriven.get(letter.id())))
                .toList();
        return new Letters(open, letters.seenByReason(), index.caughtUp(), listed);
    }

    @Operation(summary = "Send a dead letter back to its source topic, unchanged (admin scope)")
    @RequiresScope(ApiKeyScope.ADMIN)
    @PostMapping("/v1/dead-letters/{id}/redrive")
    ResponseEntity<Redrives.Redriven> redrive(Caller caller, @PathVariable("id") String id) {
        LetterSummary letter = index.find(caller.projectId(), id)
                .orElseThrow(() -> new GatewayException(
                        HttpStatus.NOT_FOUND,
                        "This project has no dead letter " + id + " (ids are topic:partition:offset)."));
        try {
            return ResponseEntity.status(HttpStatus.ACCEPTED)
                    .body(redrives.redrive(caller.projectId(), letter, "api-key " + caller.keyPrefix()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notNow(id);
        } catch (Exception e) {
            throw notNow(id);
        }
    }

    /** Nothing was recorded as re-driven: the broker did not take it back (or it could not be read again). */
    private static GatewayException notNow(String id) {
        return new GatewayException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Dead letter " + id + " could not be sent back now (the broker did not answer); nothing was changed.",
                Duration.ofSeconds(5));
    }
}
