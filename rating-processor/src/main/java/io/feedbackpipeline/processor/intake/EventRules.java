package io.feedbackpipeline.processor.intake;

import io.feedbackpipeline.catalog.CachedCatalog;
import io.feedbackpipeline.catalog.FeedbackRules;
import io.feedbackpipeline.catalog.FeedbackType;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * What a decoded event must satisfy before it is projected. The gateway already enforces this for HTTP; direct
 * producers can send anything, so every event is checked again with the same shared rules. An event is valid or
 * not as a whole: one bad item dead-letters its batch.
 */
@Component
class EventRules {

    private final CachedCatalog catalog;

    EventRules(CachedCatalog catalog) {
        this.catalog = catalog;
    }

    /** Problems of a feedback batch, each naming the item and field; empty when valid. */
    List<String> check(FeedbackBatch batch) {
        List<String> problems = new ArrayList<>();
        UUID project = batch.getProjectId();
        if (!catalog.projectExists(project)) {
            return List.of("unknown project " + project);
        }
        checkEndpoint(project, batch.getEndpointId(), problems);
        if (batch.getItems().isEmpty()) {
            problems.add("the batch has no items");
        }
        for (int index = 0; index < batch.getItems().size(); index++) {
            FeedbackItem item = batch.getItems().get(index);
            String at = "items[" + index + "].";
            FeedbackRules.checkUsageId(item.getUsageId()).forEach(p -> problems.add(at + p.field() + " " + p.reason()));
            Optional<FeedbackType> type = catalog.feedbackType(item.getFeedbackTypeId());
            if (type.isEmpty() || !type.get().isVisibleTo(project)) {
                problems.add(at + "feedback_type_id: unknown feedback type " + item.getFeedbackTypeId()
                        + " for project " + project);
                continue;
            }
            FeedbackRules.checkAgainstType(type.get(), item.getFlag(), item.getValue(), item.getComment(),
                    item.getTag()).forEach(p -> problems.add(at + p.field() + " " + p.reason()));
        }
        return problems;
    }

    List<String> check(CompletionLogged log) {
        List<String> problems = new ArrayList<>();
        UUID project = log.getProjectId();
        if (!catalog.projectExists(project)) {
            return List.of("unknown project " + project);
        }
        checkEndpoint(project, log.getEndpointId(), problems);
        FeedbackRules.checkUsageId(log.getUsageId()).forEach(p -> problems.add(p.field() + " " + p.reason()));
        Stream.concat(
                        Stream.of(log.getUserId(), log.getModel(), log.getPrompt(), log.getCompletion(),
                                log.getTemplateId()),
                        log.getValues().entrySet().stream().flatMap(e -> Stream.of(e.getKey(), e.getValue())))
                .filter(FeedbackRules::containsNul)
                .findAny()
                .ifPresent(text -> problems.add("a text field " + FeedbackRules.NUL_REASON));
        if ((log.getCost() != null && !Double.isFinite(log.getCost()))
                || (log.getTemperature() != null && !Double.isFinite(log.getTemperature()))) {
            problems.add("cost and temperature must be finite numbers");
        }
        return problems;
    }

    private void checkEndpoint(UUID project, UUID endpoint, List<String> problems) {
        if (endpoint != null && !catalog.projectOfEndpoint(endpoint).map(project::equals).orElse(false)) {
            problems.add("endpoint " + endpoint + " is not an endpoint of project " + project);
        }
    }

}
