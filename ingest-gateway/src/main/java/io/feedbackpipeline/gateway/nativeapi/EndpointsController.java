package io.feedbackpipeline.gateway.nativeapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.catalog.CatalogReader;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.RequiresScope;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The project's endpoints, so a reader of analytics can name what it groups by. */
@RestController
class EndpointsController {

    record Endpoint(
            @JsonProperty("id") UUID id,
            @JsonProperty("name") String name) {}

    private final CatalogReader catalog;

    EndpointsController(DataSource dataSource) {
        this.catalog = new CatalogReader(dataSource);
    }

    @Operation(summary = "List this project's endpoints")
    @RequiresScope(ApiKeyScope.READ)
    @GetMapping("/v1/endpoints")
    List<Endpoint> list(Caller caller) {
        return catalog.endpoints(caller.projectId()).stream()
                .map(entry -> new Endpoint(entry.id(), entry.name()))
                .toList();
    }
}
