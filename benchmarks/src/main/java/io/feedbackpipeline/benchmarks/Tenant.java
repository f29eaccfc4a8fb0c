package io.feedbackpipeline.benchmarks;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.FeedbackKind;
import java.util.UUID;
import javax.sql.DataSource;

/** The one project every benchmark writes to: an endpoint, an API key and a NUMERIC feedback type. */
record Tenant(UUID projectId, UUID endpointId, String apiKey, int numericTypeId) {

    static Tenant create(DataSource owner) {
        CatalogAdmin catalog = new CatalogAdmin(owner);
        UUID project = catalog.createProject("benchmarks").id();
        return new Tenant(
                project,
                catalog.createEndpoint(project, "benchmarks").id(),
                catalog.issueApiKey(project, "benchmarks").secret().value(),
                catalog.createFeedbackType(project, "score", FeedbackKind.NUMERIC, null, null)
                        .orElseThrow()
                        .id());
    }
}
