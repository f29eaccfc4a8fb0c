package io.feedbackpipeline.gateway.auth;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.feedbackpipeline.catalog.ApiKeyScope;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the calling key is: its project, its prefix and what it may do, so a console can show only what works. */
@RestController
class KeyController {

    record KeyView(
            @JsonProperty("project_id") UUID projectId,
            @JsonProperty("key_prefix") String keyPrefix,
            @JsonProperty("scopes") List<String> scopes,
            @JsonProperty("expires_at") Instant expiresAt) {}

    @Operation(summary = "Describe the API key of this request (read scope)")
    @RequiresScope(ApiKeyScope.READ)
    @GetMapping("/v1/key")
    KeyView describe(Caller caller) {
        return new KeyView(
                caller.projectId(),
                caller.keyPrefix(),
                List.of(ApiKeyScope.wireNames(caller.scopes())),
                caller.expiresAt());
    }
}
