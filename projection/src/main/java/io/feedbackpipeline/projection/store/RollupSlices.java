package io.feedbackpipeline.projection.store;

import io.feedbackpipeline.catalog.ProjectionTables;
import io.feedbackpipeline.projection.store.RollupRefresh.ProjectHour;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Cuts the hours a refresh recomputes into slices of about {@code sliceRows} registers each, so that no transaction
 * of the refresh reads more than that: small hours share a slice, a busy hour is cut into time ranges at the
 * registers' own times, found by walking the time index ({@code completion_feedback_time_idx}). Registers that share
 * one instant cannot be told apart by time, so a slice holds all of them, however many. Each probe is a statement
 * of its own; the counts only size the slices, the ranges always cover every hour whole and without overlap.
 */
final class RollupSlices {

    private static final Duration HOUR = Duration.ofHours(1);

    /** A time range of one project's hour; {@code hour} is where its registers are rolled up. */
    record Range(UUID project, Instant hour, Instant from, Instant to) {}

    /** Ranges recomputed in one transaction. */
    record Slice(List<Range> ranges) {}

    /** How many registers each hour has, up to {@code ? + 1}: enough to tell which hours fit in a slice. */
    private static final String CAPPED_COUNTS = """
            SELECT h.project_id, h.hour,
                   (SELECT count(*) FROM (SELECT 1 FROM {feedback} f
                                           WHERE f.project_id = h.project_id AND f.occurred_at >= h.hour
                                             AND f.occurred_at < h.hour + interval '1 hour' LIMIT ?) s)
              FROM unnest(?::uuid[], ?::timestamptz[]) AS h(project_id, hour)""";

    /** How many of the next {@code ?} registers from a time the range holds, and the time of the last of them. */
    private static final String NEXT = """
            SELECT count(*), max(t) FROM (SELECT f.occurred_at AS t FROM {feedback} f
                                            WHERE f.project_id = ? AND f.occurred_at >= ? AND f.occurred_at < ?
                                            ORDER BY f.occurred_at LIMIT ?) s""";

    /** The first time after one at which a register falls, before an end. */
    private static final String NEXT_TIME = """
            SELECT min(f.occurred_at) FROM {feedback} f
             WHERE f.project_id = ? AND f.occurred_at > ? AND f.occurred_at < ?""";

    private final long sliceRows;
    private final String cappedCounts;
    private final String next;
    private final String nextTime;

    /** {@code sliceRows} of {@link Long#MAX_VALUE}: one slice of every hour, without counting. */
    RollupSlices(ProjectionTables tables, long sliceRows) {
        if (sliceRows < 1) {
            throw new IllegalArgumentException("a slice holds at least one register: " + sliceRows);
        }
        this.sliceRows = sliceRows;
        this.cappedCounts = tables.apply(CAPPED_COUNTS);
        this.next = tables.apply(NEXT);
        this.nextTime = tables.apply(NEXT_TIME);
    }

    List<Slice> plan(Connection connection, List<ProjectHour> hours) throws SQLException {
        if (sliceRows == Long.MAX_VALUE) {
            return List.of(new Slice(hours.stream().map(RollupSlices::whole).toList()));
        }
        List<Slice> slices = new ArrayList<>();
        List<Range> shared = new ArrayList<>();
        long sharedRows = 0;
        for (HourCount hour : counts(connection, hours)) {
            if (hour.registers() > sliceRows) {
                cut(connection, hour.hour(), slices);
                continue;
            }
            if (sharedRows + hour.registers() > sliceRows) {
                slices.add(new Slice(List.copyOf(shared)));
                shared.clear();
                sharedRows = 0;
            }
            shared.add(whole(hour.hour()));
            sharedRows += hour.registers();
        }
        if (!shared.isEmpty()) {
            slices.add(new Slice(List.copyOf(shared)));
        }
        return slices;
    }

    private record HourCount(ProjectHour hour, long registers) {}

    private List<HourCount> counts(Connection connection, List<ProjectHour> hours) throws SQLException {
        List<HourCount> counts = new ArrayList<>(hours.size());
        try (PreparedStatement query = connection.prepareStatement(cappedCounts)) {
            Array[] hourColumns = RollupRefresh.hourColumns(connection, hours);
            query.setLong(1, sliceRows + 1);
            query.setArray(2, hourColumns[0]);
            query.setArray(3, hourColumns[1]);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    counts.add(new HourCount(RollupRefresh.projectHour(rows), rows.getLong(3)));
                }
            }
        }
        return counts;
    }

    /** A busy hour: one slice per {@code sliceRows} registers in time order, the last ending with the hour. */
    private void cut(Connection connection, ProjectHour hour, List<Slice> slices) throws SQLException {
        Instant end = hour.hour().plus(HOUR);
        Instant from = hour.hour();
        while (from.isBefore(end)) {
            try (PreparedStatement query = connection.prepareStatement(next)) {
                query.setObject(1, hour.project());
                query.setObject(2, utc(from));
                query.setObject(3, utc(end));
                query.setLong(4, sliceRows + 1);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) <= sliceRows) {
                        slices.add(new Slice(List.of(new Range(hour.project(), hour.hour(), from, end))));
                        return;
                    }
                    // The first register past the slice starts the next one; all that share its time go with it.
                    Instant to = rows.getObject(2, OffsetDateTime.class).toInstant();
                    if (!to.isAfter(from)) {
                        to = nextTime(connection, hour.project(), from, end);
                    }
                    slices.add(new Slice(List.of(new Range(hour.project(), hour.hour(), from, to))));
                    from = to;
                }
            }
        }
    }

    private Instant nextTime(Connection connection, UUID project, Instant after, Instant end) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(nextTime)) {
            query.setObject(1, project);
            query.setObject(2, utc(after));
            query.setObject(3, utc(end));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                OffsetDateTime time = rows.getObject(1, OffsetDateTime.class);
                return time == null ? end : time.toInstant();
            }
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Range whole(ProjectHour hour) {
        return new Range(hour.project(), hour.hour(), hour.hour(), hour.hour().plus(HOUR));
    }
}
