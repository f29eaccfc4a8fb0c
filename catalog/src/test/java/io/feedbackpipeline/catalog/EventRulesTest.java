package io.feedbackpipeline.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.feedbackpipeline.catalog.EventRules.Violation;
import io.feedbackpipeline.schemas.CompletionLogged;
import io.feedbackpipeline.schemas.FeedbackBatch;
import io.feedbackpipeline.schemas.FeedbackItem;
import io.feedbackpipeline.schemas.FeedbackSource;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EventRulesTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final UUID PROJECT = UUID.randomUUID();
    private static final UUID OTHER_PROJECT = UUID.randomUUID();
    private static final UUID ENDPOINT = UUID.randomUUID();
    private static final UUID FOREIGN_ENDPOINT = UUID.randomUUID();
    private static final FeedbackType THUMBS =
            new FeedbackType(1, null, "positive_rating", FeedbackKind.BOOLEAN, null, null);
    private static final FeedbackType FOREIGN_SCORE =
            new FeedbackType(200, OTHER_PROJECT, "score", FeedbackKind.NUMERIC, 0.0, 1.0);

    /** The catalog facts of these tests, in memory. */
    private final CatalogLookups catalog = new CatalogLookups() {
        @Override
        public Optional<FeedbackType> feedbackType(int id) {
            return List.of(THUMBS, FOREIGN_SCORE).stream()
                    .filter(t -> t.id() == id)
                    .findFirst();
        }

        @Override
        public boolean projectExists(UUID project) {
            return project.equals(PROJECT) || project.equals(OTHER_PROJECT);
        }

        @Override
        public Optional<UUID> projectOfEndpoint(UUID endpoint) {
            return endpoint.equals(ENDPOINT)
                    ? Optional.of(PROJECT)
                    : endpoint.equals(FOREIGN_ENDPOINT) ? Optional.of(OTHER_PROJECT) : Optional.empty();
        }
    };

    private final EventRules rules = new EventRules(catalog);

    @Test
    @DisplayName("a valid batch has no violations")
    void validBatch() {
        assertThat(rules.check(batch(PROJECT, ENDPOINT, item("u-1", 1).setFlag(true))))
                .isEmpty();
    }

    @Test
    @DisplayName("every bad item is reported with its index and field")
    void everyBadItemReported() {
        List<Violation> violations = rules.check(batch(
                PROJECT,
                null,
                item("u-1", 1).setFlag(true),
                item("a\u0000b", 1).setFlag(true),
                item("u-3", 200).setValue(0.5),
                item("u-4", 1).setFlag(true).setOccurredAt(T0.plusSeconds(3600)),
                item("u-5", 1).setFlag(true).setTag("\uD83D\uDC4D".repeat(121))));

        assertThat(violations)
                .extracting(Violation::item, Violation::field)
                .containsExactly(
                        Tuple.tuple(1, "usage_id"),
                        Tuple.tuple(2, "feedback_type_id"),
                        Tuple.tuple(3, "occurred_at"),
                        Tuple.tuple(4, "tag"));
        assertThat(violations.get(0)).hasToString("items[1].usage_id must not contain control characters");
    }

    @Test
    @DisplayName("an unknown project, a foreign endpoint and an empty batch are violations of the event")
    void eventLevel() {
        assertThat(rules.check(batch(UUID.randomUUID(), null, item("u", 1).setFlag(true))))
                .extracting(Violation::field)
                .containsExactly("project_id");
        assertThat(rules.check(batch(PROJECT, FOREIGN_ENDPOINT, item("u", 1).setFlag(true))))
                .extracting(Violation::field)
                .containsExactly("endpoint_id");
        assertThat(rules.check(batch(PROJECT, null)))
                .extracting(Violation::field)
                .containsExactly("items");
    }

    @Test
    @DisplayName("a completion log's texts, including the keys and values of its values, follow the text rules")
    void completionLogTexts() {
        assertThat(rules.check(log(Map.of("tone", "warm")))).isEmpty();
        assertThat(rules.check(log(Map.of("to\u0000ne", "warm"))))
                .extracting(Violation::field, Violation::reason)
                .containsExactly(Tuple.tuple("values", "key must not contain the NUL character (U+0000)"));
        assertThat(rules.check(log(Map.of("tone", "wa\u0000rm"))))
                .extracting(Violation::field)
                .containsExactly("values.tone");
        CompletionLogged farFuture = log(Map.of());
        farFuture.setCreatedAt(Instant.parse("+10000-01-01T00:00:00Z"));
        assertThat(rules.check(farFuture)).extracting(Violation::field).containsExactly("timestamp");
    }

    private static FeedbackItem.Builder item(String usageId, int type) {
        return FeedbackItem.newBuilder()
                .setUsageId(usageId)
                .setFeedbackTypeId(type)
                .setOccurredAt(T0);
    }

    private static FeedbackBatch batch(UUID project, UUID endpoint, FeedbackItem.Builder... items) {
        return FeedbackBatch.newBuilder()
                .setEventId(UUID.randomUUID())
                .setProjectId(project)
                .setEndpointId(endpoint)
                .setReceivedAt(T0)
                .setSource(FeedbackSource.DIRECT_PRODUCER)
                .setRequestId(null)
                .setItems(Arrays.stream(items).map(FeedbackItem.Builder::build).toList())
                .build();
    }

    private static CompletionLogged log(Map<String, String> values) {
        return CompletionLogged.newBuilder()
                .setEventId(UUID.randomUUID())
                .setEmittedAt(T0)
                .setUsageId("log-1")
                .setProjectId(PROJECT)
                .setCreatedAt(T0)
                .setValues(values)
                .build();
    }
}
