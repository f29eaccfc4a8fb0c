package io.feedbackpipeline.gateway.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.gateway.auth.Caller;
import io.feedbackpipeline.gateway.auth.RequiresScope;
import io.feedbackpipeline.gateway.http.GatewayException;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Is the pipeline keeping up: the processor's lag per partition and how fast this project's feedback shows. */
@RestController
class PipelineController {

    /**
     * @param lag per partition of the source topics (all projects share them)
     * @param totalLag the sum
     * @param visibility from the gateway to the tables, for this project's feedback
     */
    record Status(
            @JsonProperty("lag") List<PartitionLag> lag,
            @JsonProperty("total_lag") long totalLag,
            @JsonProperty("visibility") VisibilityLatency.Percentiles visibility) {}

    private final ConsumerLag lag;
    private final VisibilityLatency visibility;

    PipelineController(ConsumerLag lag, VisibilityLatency visibility) {
        this.lag = lag;
        this.visibility = visibility;
    }

    @Operation(summary = "The processor's consumer lag per partition and this project's visibility percentiles")
    @RequiresScope(ApiKeyScope.READ)
    @GetMapping("/v1/pipeline")
    ResponseEntity<Status> status(Caller caller) {
        List<PartitionLag> partitions;
        try {
            partitions = lag.partitions();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable();
        } catch (Exception e) {
            throw unavailable();
        }
        long total = partitions.stream().mapToLong(PartitionLag::lag).sum();
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new Status(partitions, total, visibility.of(caller.projectId())));
    }

    private static GatewayException unavailable() {
        return new GatewayException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The broker did not answer for the consumer lag; try again shortly.",
                Duration.ofSeconds(2));
    }
}
