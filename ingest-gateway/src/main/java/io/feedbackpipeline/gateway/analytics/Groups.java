package io.feedbackpipeline.gateway.analytics;

import io.feedbackpipeline.catalog.FeedbackType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Folds the cells the database answered into the groups of the answer: one per bucket, value of each grouped
 * dimension and feedback type (statistics only mean something within one type, so every group has one).
 */
final class Groups {

    /** What makes a group; a dimension not grouped by is null. Orders buckets first, then the dimensions. */
    private record Key(Instant bucket, String endpoint, String model, String template, String tag, int type)
            implements Comparable<Key> {

        private static final Comparator<Key> ORDER = Comparator.comparing(Key::bucket)
                .thenComparing(Key::endpoint, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Key::model, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Key::template, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Key::tag, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingInt(Key::type);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    private Groups() {}

    static List<AnalyticsAnswer.Group> of(List<Cell> cells, AnalyticsQuery query, IntFunction<FeedbackType> types) {
        Set<Dimension> by = query.groupBy();
        Map<Key, Statistics> groups = new HashMap<>();
        for (Cell cell : cells) {
            Key key = new Key(
                    cell.bucket(),
                    by.contains(Dimension.ENDPOINT) ? Objects.toString(cell.endpointId(), null) : null,
                    by.contains(Dimension.MODEL) ? cell.model() : null,
                    by.contains(Dimension.TEMPLATE) ? cell.templateId() : null,
                    by.contains(Dimension.TAG) ? cell.tag() : null,
                    cell.feedbackTypeId());
            groups.computeIfAbsent(key, k -> new Statistics()).add(cell);
        }
        ZoneId zone = query.zone();
        List<AnalyticsAnswer.Group> answer = new ArrayList<>(groups.size());
        List<Key> ordered = new ArrayList<>(groups.keySet());
        ordered.sort(null);
        ordered.forEach(key -> {
            Statistics statistics = groups.get(key);
            FeedbackType type = types.apply(key.type());
            answer.add(new AnalyticsAnswer.Group(
                    key.bucket().atZone(zone).toOffsetDateTime().toString(),
                    key.endpoint(),
                    key.model(),
                    key.template(),
                    key.tag(),
                    key.type(),
                    type == null ? null : type.name(),
                    type == null ? null : type.kind().name(),
                    statistics.of(type)));
        });
        return answer;
    }
}
