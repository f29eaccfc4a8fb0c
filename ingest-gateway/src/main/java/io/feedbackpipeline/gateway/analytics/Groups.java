package io.feedbackpipeline.gateway.analytics;

import io.feedbackpipeline.catalog.FeedbackType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
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

        /** Written out rather than a Comparator chain: an hourly month sorts thousands of keys per answer. */
        @Override
        public int compareTo(Key other) {
            int order = bucket.compareTo(other.bucket);
            if (order == 0) {
                order = compare(endpoint, other.endpoint);
            }
            if (order == 0) {
                order = compare(model, other.model);
            }
            if (order == 0) {
                order = compare(template, other.template);
            }
            if (order == 0) {
                order = compare(tag, other.tag);
            }
            return order != 0 ? order : Integer.compare(type, other.type);
        }

        private static int compare(String a, String b) {
            if (a == null || b == null) {
                return a == null ? (b == null ? 0 : -1) : 1;
            }
            return a.compareTo(b);
        }
    }

    private final Set<Dimension> by;
    private final ZoneId zone;
    private final Map<Key, Statistics> groups = new HashMap<>();

    Groups(AnalyticsQuery query) {
        this.by = query.groupBy();
        this.zone = query.zone();
    }

    /** Adds a cell to its group. */
    void add(Cell cell) {
        Key key = new Key(
                cell.bucket(),
                by.contains(Dimension.ENDPOINT) ? Objects.toString(cell.endpointId(), null) : null,
                by.contains(Dimension.MODEL) ? cell.model() : null,
                by.contains(Dimension.TEMPLATE) ? cell.templateId() : null,
                by.contains(Dimension.TAG) ? cell.tag() : null,
                cell.feedbackTypeId());
        Statistics statistics = groups.get(key);
        if (statistics == null) {
            statistics = new Statistics();
            groups.put(key, statistics);
        }
        statistics.add(cell);
    }

    /** The groups, buckets first, then the dimensions, then the feedback type. */
    List<AnalyticsAnswer.Group> answer(IntFunction<FeedbackType> types) {
        Map<Instant, String> bucketNames = new HashMap<>();
        Map<Integer, FeedbackType> typesById = new HashMap<>();
        List<Key> ordered = new ArrayList<>(groups.keySet());
        ordered.sort(null);
        List<AnalyticsAnswer.Group> answer = new ArrayList<>(ordered.size());
        for (Key key : ordered) {
            FeedbackType type = typesById.computeIfAbsent(key.type(), types::apply);
            answer.add(new AnalyticsAnswer.Group(
                    bucketNames.computeIfAbsent(
                            key.bucket(),
                            bucket -> bucket.atZone(zone).toOffsetDateTime().toString()),
                    key.endpoint(),
                    key.model(),
                    key.template(),
                    key.tag(),
                    key.type(),
                    type == null ? null : type.name(),
                    type == null ? null : type.kind().name(),
                    groups.get(key).of(type)));
        }
        return answer;
    }
}
