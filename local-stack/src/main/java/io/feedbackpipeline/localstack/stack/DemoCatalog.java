package io.feedbackpipeline.localstack.stack;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.CatalogReader;
import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.catalog.FeedbackType;
import io.feedbackpipeline.catalog.WebOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * What the demo feed rates on: the demo project's endpoints for three features and a 1-5 star type, created once
 * and found again on every restart; and the origins of the feedback widget example, allowed for the demo project.
 */
record DemoCatalog(List<Endpoint> endpoints, int starsTypeId) {

    record Endpoint(UUID id, String name) {}

    static final List<String> FEATURES = List.of("support-bot", "search-answers", "code-review");
    static final String STARS = "stars";
    static final List<String> WIDGET_ORIGINS = List.of("http://localhost:8070", "http://127.0.0.1:8070");

    static DemoCatalog ensure(DataSource dataSource, UUID project) {
        CatalogAdmin admin = new CatalogAdmin(dataSource, "local-stack demo");
        CatalogReader reader = new CatalogReader(dataSource);
        Map<String, UUID> existing = reader.endpoints(project).stream()
                .collect(Collectors.toMap(
                        CatalogReader.EndpointEntry::name, CatalogReader.EndpointEntry::id, (a, b) -> a));
        List<Endpoint> endpoints = new ArrayList<>();
        for (String feature : FEATURES) {
            UUID id = existing.containsKey(feature)
                    ? existing.get(feature)
                    : admin.createEndpoint(project, feature).id();
            endpoints.add(new Endpoint(id, feature));
        }
        int stars = reader.feedbackTypesVisibleTo(project).stream()
                .filter(type -> type.name().equals(STARS))
                .map(FeedbackType::id)
                .findFirst()
                .orElseGet(() -> admin.createFeedbackType(project, STARS, FeedbackKind.NUMERIC, 1.0, 5.0)
                        .orElseThrow()
                        .id());
        // The feedback widget example (examples/feedback-widget) serves its page here by default.
        for (String origin : WIDGET_ORIGINS) {
            admin.allowOrigin(project, WebOrigin.parse(origin).orElseThrow());
        }
        return new DemoCatalog(List.copyOf(endpoints), stars);
    }
}
