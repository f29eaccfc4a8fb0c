package io.feedbackpipeline.gateway.support;

import io.feedbackpipeline.localstack.junit.PipelineInfrastructure;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.contract.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;

/**
 * What every gateway IT starts with: an HTTP client on the gateway's port, a fresh tenant, and a probe on
 * {@code feedback.v1} opened before the test acts.
 */
public abstract class GatewayTestBase {

    @Value("${local.server.port}")
    protected int port;

    /** Actuator's port: metrics and detailed health are not on the public one. */
    @Value("${local.management.port}")
    protected int managementPort;

    protected Http management;

    protected PipelineInfrastructure infrastructure;
    protected Http http;
    protected Tenant tenant;
    protected TopicProbe<FeedbackBatch> feedback;

    @BeforeEach
    void openGatewayTest(PipelineInfrastructure infrastructure) {
        this.infrastructure = infrastructure;
        http = new Http(port);
        management = new Http(managementPort);
        tenant = Tenant.create(infrastructure);
        feedback = new TopicProbe<>(infrastructure.bootstrapServers(), Topics.FEEDBACK);
    }

    @AfterEach
    void closeGatewayTest() {
        feedback.close();
    }

    /** The tenant's Baseplate logs path. */
    protected String logsPath() {
        return "/endpoints/" + tenant.endpointId() + "/logs";
    }

    /** One Baseplate thumbs-up for {@code usageId}, answered once published, not projected ({@code Prefer: respond-async}). */
    protected Http.Response rateWithoutWaiting(String usageId) {
        return http.json(
                "PATCH",
                logsPath(),
                tenant.apiKey(),
                "{\"usage_id\": \"" + usageId + "\", \"positive_rating\": true}",
                "Prefer",
                "respond-async");
    }

    protected boolean ours(FeedbackBatch batch) {
        return batch.getProjectId().equals(tenant.projectId());
    }

    /**
     * This tenant's batches published since the last call, on every partition: everything the broker acked up to
     * now. A refused request must not be among them.
     */
    protected List<FeedbackBatch> ourBatchesSoFar() {
        return feedback.recordsUpToNow().stream()
                .map(ConsumerRecord::value)
                .filter(this::ours)
                .toList();
    }
}
