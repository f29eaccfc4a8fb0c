package io.feedbackpipeline.gateway.nativeapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.RequiresScope;
import io.feedbackpipeline.jsoncontract.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The newest feedback that says something in words: a comment or a tag, as the people who read them want it. */
@RestController
class RecentFeedbackController {

    static final int MOST = 200;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Said(
            @JsonProperty("usage_id") String usageId,
            @JsonProperty("feedback_type_id") int feedbackTypeId,
            @JsonProperty("flag") Boolean flag,
            @JsonProperty("value") Double value,
            @JsonProperty("comment") String comment,
            @JsonProperty("tag") String tag,
            @JsonProperty("occurred_at") Instant occurredAt,
            @JsonProperty("endpoint_id") UUID endpointId,
            @JsonProperty("model") String model) {}

    // Newest by the feedback's own time, through the (project_id, occurred_at) index, read backwards.
    private static final String RECENT = ProjectionTables.LIVE.apply("""
            SELECT f.usage_id, f.feedback_type_id, f.flag, f.value, f.comment, f.tag, f.occurred_at,
                   coalesce(l.endpoint_id, f.endpoint_id) AS endpoint_id, l.model
              FROM {feedback} f
              LEFT JOIN {log} l ON l.project_id = f.project_id AND l.usage_id = f.usage_id
             WHERE f.project_id = :project AND (f.comment IS NOT NULL OR f.tag IS NOT NULL)
               AND (CAST(:tag AS text) IS NULL OR f.tag = :tag)
               AND (CAST(:before AS timestamptz) IS NULL OR f.occurred_at < :before)
             ORDER BY f.occurred_at DESC
             LIMIT :limit""");

    private final JdbcClient jdbc;

    RecentFeedbackController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Operation(summary = "The newest comments and tags, newest first; by tag, and before a time to page back")
    @RequiresScope(ApiKeyScope.READ)
    @GetMapping("/v1/feedback/recent")
    ResponseEntity<List<Said>> recent(
            Caller caller,
            @RequestParam(name = "tag", required = false) String tag,
            @RequestParam(name = "before", required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME)
                    OffsetDateTime before,
            @RequestParam(name = "limit", defaultValue = "50") int limit) {
        if (limit < 1 || limit > MOST) {
            throw InvalidRequestException.of("limit", "must be between 1 and " + MOST);
        }
        List<Said> said = jdbc.sql(RECENT)
                .param("project", caller.projectId())
                .param("tag", tag == null || tag.isBlank() ? null : tag)
                .param("before", before)
                .param("limit", limit)
                .query((row, n) -> new Said(
                        row.getString("usage_id"),
                        row.getInt("feedback_type_id"),
                        row.getObject("flag", Boolean.class),
                        row.getObject("value", Double.class),
                        row.getString("comment"),
                        row.getString("tag"),
                        row.getTimestamp("occurred_at").toInstant(),
                        row.getObject("endpoint_id", UUID.class),
                        row.getString("model")))
                .list();
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(said);
    }
}
