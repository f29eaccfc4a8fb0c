package io.feedbackpipeline.catalog;

import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What an event must satisfy before it is projected, checked on the Avro event itself. The gateway runs these
 * checks on the event it is about to publish (a failure is a 400) and the processor on every event it reads (a
 * failure is a dead letter), so the two can never disagree. An event is valid or not as a whole.
 */
public final class EventRules {

    /** A broken rule: which item (null for the event itself), which field, why. */
    public record Violation(Integer item, String field, String reason) {
        @Override
        public String toString() {
            return (item == null ? "" : "items[" + item + "].") + field + " " + reason;
        }
    }

    private final CatalogLookups catalog;

    public EventRules(CatalogLookups catalog) {
        this.catalog = catalog;
    }

    /** Problems of a feedback batch, each naming the item and field; empty when valid. */
    public List<Violation> check(FeedbackBatch batch) {
        List<Violation> problems = new ArrayList<>();
        UUID project = batch.getProjectId();
        if (!catalog.projectExists(project)) {
            return List.of(new Violation(null, "project_id", "unknown project " + project));
        }
        checkEndpoint(project, batch.getEndpointId(), problems);
        add(problems, null, FeedbackRules.checkInstant("received_at", batch.getReceivedAt()));
        add(
                problems,
                null,
                FeedbackRules.checkText("request_id", batch.getRequestId(), FeedbackRules.SHORT_TEXT_MAX_LENGTH));
        add(
                problems,
                null,
                FeedbackRules.checkText("end_user_id", batch.getEndUserId(), FeedbackRules.SHORT_TEXT_MAX_LENGTH));
        List<FeedbackItem> items = batch.getItems();
        if (items.isEmpty()) {
            problems.add(new Violation(null, "items", "must not be empty"));
        }
        if (items.size() > FeedbackRules.MAX_BATCH_ITEMS) {
            problems.add(new Violation(
                    null,
                    "items",
                    "must have at most %d entries, has %d".formatted(FeedbackRules.MAX_BATCH_ITEMS, items.size())));
            return problems;
        }
        for (int index = 0; index < items.size(); index++) {
            FeedbackItem item = items.get(index);
            add(problems, index, FeedbackRules.checkUsageId(item.getUsageId()));
            add(problems, index, FeedbackRules.checkOccurredAt(item.getOccurredAt(), batch.getReceivedAt()));
            Optional<FeedbackType> type = catalog.feedbackType(item.getFeedbackTypeId());
            if (type.isEmpty() || !type.get().isVisibleTo(project)) {
                problems.add(new Violation(
                        index,
                        "feedback_type_id",
                        "unknown feedback type " + item.getFeedbackTypeId() + " for project " + project));
                continue;
            }
            add(
                    problems,
                    index,
                    FeedbackRules.checkAgainstType(
                            type.get(), item.getFlag(), item.getValue(), item.getComment(), item.getTag()));
        }
        return problems;
    }

    /** Problems of a completion log; empty when valid. */
    public List<Violation> check(CompletionLogged log) {
        List<Violation> problems = new ArrayList<>();
        UUID project = log.getProjectId();
        if (!catalog.projectExists(project)) {
            return List.of(new Violation(null, "project_id", "unknown project " + project));
        }
        checkEndpoint(project, log.getEndpointId(), problems);
        add(problems, null, FeedbackRules.checkUsageId(log.getUsageId()));
        add(problems, null, FeedbackRules.checkInstant("emitted_at", log.getEmittedAt()));
        add(problems, null, FeedbackRules.checkInstant("timestamp", log.getCreatedAt()));
        add(problems, null, FeedbackRules.checkText("user_id", log.getUserId(), FeedbackRules.SHORT_TEXT_MAX_LENGTH));
        add(
                problems,
                null,
                FeedbackRules.checkText("openai_name", log.getModel(), FeedbackRules.SHORT_TEXT_MAX_LENGTH));
        add(
                problems,
                null,
                FeedbackRules.checkText("template_id", log.getTemplateId(), FeedbackRules.SHORT_TEXT_MAX_LENGTH));
        add(
                problems,
                null,
                FeedbackRules.checkText("request_id", log.getRequestId(), FeedbackRules.SHORT_TEXT_MAX_LENGTH));
        add(problems, null, FeedbackRules.checkText("prompt", log.getPrompt(), FeedbackRules.LONG_TEXT_MAX_LENGTH));
        add(
                problems,
                null,
                FeedbackRules.checkText("completion", log.getCompletion(), FeedbackRules.LONG_TEXT_MAX_LENGTH));
        add(problems, null, FeedbackRules.checkFinite("cost", log.getCost()));
        add(problems, null, FeedbackRules.checkFinite("temp", log.getTemperature()));
        for (Map.Entry<String, String> value : log.getValues().entrySet()) {
            String key = value.getKey();
            List<FeedbackRules.Problem> keyProblems =
                    FeedbackRules.checkText("values", key, FeedbackRules.SHORT_TEXT_MAX_LENGTH);
            // A bad key cannot name its own field, so the key problem is reported on "values".
            add(
                    problems,
                    null,
                    keyProblems.stream()
                            .map(p -> new FeedbackRules.Problem("values", "key " + p.reason()))
                            .toList());
            if (keyProblems.isEmpty()) {
                add(
                        problems,
                        null,
                        FeedbackRules.checkText("values." + key, value.getValue(), FeedbackRules.LONG_TEXT_MAX_LENGTH));
            }
        }
        return problems;
    }

    private void checkEndpoint(UUID project, UUID endpoint, List<Violation> problems) {
        if (endpoint != null
                && !catalog.projectOfEndpoint(endpoint).map(project::equals).orElse(false)) {
            problems.add(new Violation(
                    null, "endpoint_id", "endpoint " + endpoint + " is not an endpoint of project " + project));
        }
    }

    private static void add(List<Violation> into, Integer item, List<FeedbackRules.Problem> found) {
        for (FeedbackRules.Problem problem : found) {
            into.add(new Violation(item, problem.field(), problem.reason()));
        }
    }
}
