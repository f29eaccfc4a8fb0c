package io.feedbackpipeline.gateway.analytics;

import io.feedbackpipeline.catalog.ProjectionTables;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the cells of an analytics question in one statement, so in one snapshot. From the rollup when it can answer
 * (feedback time; hour, day or week buckets in a zone whose offsets are whole hours over the range; at most two of
 * model, endpoint and template; no values filter), taking every hour the projection marked since the rollup was
 * computed from the registers themselves; from the registers alone otherwise. Either way the answer is exact as of
 * its snapshot: a register counts once, with its winning value, in the bucket of its winning item's time.
 */
@Component
class FeedbackCells {

    /** Where the answer came from, as the answer says. */
    enum Source {
        ROLLUP,
        REGISTERS
    }

    /**
     * The marked hours of the range. Busy hours collect many marks (one per write until the refresher gets to
     * them), so the distinct hours are found by skipping through the index, one probe per hour, not by reading
     * every mark; usage marks (few) name registers whose hours come from the registers themselves.
     */
    private static final String DIRTY_HOURS = ProjectionTables.LIVE.apply("""
            marked(hour) AS (
                SELECT min(d.hour) FROM {dirty} d
                 WHERE d.project_id = :project AND d.hour >= :hours_from AND d.hour < :hours_to
                UNION ALL
                SELECT (SELECT min(d.hour) FROM {dirty} d
                         WHERE d.project_id = :project AND d.hour > m.hour AND d.hour < :hours_to)
                  FROM marked m WHERE m.hour IS NOT NULL),
            dirty_hours AS (
                SELECT hour FROM marked WHERE hour IS NOT NULL
                UNION
                SELECT date_trunc('hour', f.occurred_at, 'UTC') FROM {dirty} d
                  JOIN {feedback} f ON f.project_id = d.project_id AND f.usage_id = d.usage_id
                 WHERE d.project_id = :project AND d.usage_id IS NOT NULL
                   AND f.occurred_at >= :hours_from AND f.occurred_at < :hours_to)""");

    /** Joined before the registers: only those of the marked hours, each hour an index range of the time index. */
    private static final String DIRTY_REGISTERS = "dirty_hours h JOIN {feedback} f ON f.project_id = :project"
            + " AND f.occurred_at >= h.hour AND f.occurred_at < h.hour + interval '1 hour'";

    private static final String ALL_REGISTERS = "{feedback} f";

    private final JdbcClient jdbc;
    private final AnalyticsProperties properties;

    FeedbackCells(JdbcClient jdbc, AnalyticsProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * Hands each cell to {@code sink} as its row arrives, so an answer of tens of thousands of rows is folded into its
     * groups without holding the rows (which made young collections copy them); answers where the cells came from.
     */
    Source read(UUID project, AnalyticsQuery query, Consumer<Cell> sink) {
        boolean rollup = properties.useRollups() && rollupCanAnswer(query);
        Instant hoursFrom = ceilHour(query.from());
        Instant hoursTo = floorHour(query.to());
        if (hoursTo.isBefore(hoursFrom)) {
            hoursFrom = query.to(); // a range within one hour: no whole hour, all of it read from the registers
            hoursTo = query.to();
        }
        String sql = rollup ? fromRollup(query, hoursFrom, hoursTo) : fromRegisters(query);
        JdbcClient.StatementSpec statement = jdbc.sql(sql)
                .param("project", project)
                .param("from", Timestamp.from(query.from()))
                .param("to", Timestamp.from(query.to()));
        if (query.bucket() != Bucket.NONE) {
            statement = statement
                    .param("unit", query.bucket().unit())
                    .param("zone", query.zone().getId());
        }
        if (rollup) {
            statement = statement
                    .param("dims", (short) query.rollupDims())
                    .param("hours_from", Timestamp.from(hoursFrom))
                    .param("hours_to", Timestamp.from(hoursTo));
        }
        statement = bindFilters(statement, query);
        Set<Dimension> needed = query.dimensions();
        boolean model = needed.contains(Dimension.MODEL);
        boolean endpoint = needed.contains(Dimension.ENDPOINT);
        boolean template = needed.contains(Dimension.TEMPLATE);
        Buckets buckets = new Buckets();
        // By column number, in the order every statement here selects them: a 30-day hourly answer is tens of
        // thousands of rows, and looking columns up by name, or building an OffsetDateTime per row, showed in profiles.
        statement.query(row -> {
            sink.accept(new Cell(
                    buckets.of(row.getTimestamp(1)),
                    model ? row.getString(2) : null,
                    endpoint ? row.getObject(3, UUID.class) : null,
                    template ? row.getString(4) : null,
                    row.getString(5),
                    row.getInt(6),
                    row.getObject(7, Boolean.class),
                    row.getObject(8, Double.class),
                    row.getLong(9)));
        });
        return rollup ? Source.ROLLUP : Source.REGISTERS;
    }

    /** One Instant per bucket: rows come bucket after bucket, and equal buckets then compare by identity first. */
    private static final class Buckets {
        private long lastMillis = Long.MIN_VALUE;
        private int lastNanos;
        private Instant last;

        Instant of(Timestamp timestamp) {
            if (timestamp.getTime() != lastMillis || timestamp.getNanos() != lastNanos) {
                lastMillis = timestamp.getTime();
                lastNanos = timestamp.getNanos();
                last = timestamp.toInstant();
            }
            return last;
        }
    }

    /**
     * Whether the rollup holds the answer: by the feedback's time, without a values filter, at most two of model,
     * endpoint and template; buckets of whole hours in the zone (or one bucket for the range, whose part outside
     * whole hours is read from the registers).
     */
    static boolean rollupCanAnswer(AnalyticsQuery query) {
        long logDimensions =
                query.dimensions().stream().filter(Dimension::ofTheLog).count();
        boolean hourBuckets = query.bucket() == Bucket.NONE
                || (query.bucket() != Bucket.MINUTE && wholeHourOffsets(query.zone(), query.from(), query.to()));
        return !query.byCompletionTime() && query.valueKey() == null && logDimensions <= 2 && hourBuckets;
    }

    /** Whether every offset the zone has over the range is a whole number of hours, so hours make up its buckets. */
    static boolean wholeHourOffsets(ZoneId zone, Instant from, Instant to) {
        ZoneRules rules = zone.getRules();
        if (rules.getOffset(from).getTotalSeconds() % 3600 != 0) {
            return false;
        }
        for (ZoneOffsetTransition t = rules.nextTransition(from);
                t != null && t.getInstant().isBefore(to);
                t = rules.nextTransition(t.getInstant())) {
            if (t.getOffsetAfter().getTotalSeconds() % 3600 != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The rollup's unmarked whole hours, the registers of its marked ones, and the registers of the range's parts
     * outside whole hours (only a {@code none} bucket has any: other ranges are widened to whole buckets). The parts
     * cover disjoint times, and the answer sums cells in Java, so the rollup's rows are read as they are stored.
     */
    private String fromRollup(AnalyticsQuery query, Instant hoursFrom, Instant hoursTo) {
        StringBuilder sql = new StringBuilder("WITH RECURSIVE ")
                .append(DIRTY_HOURS)
                .append("\nSELECT ")
                .append(query.bucket() == Bucket.HOUR ? "r.hour" : bucket(query, "r.hour"))
                .append(" AS bucket, r.model, r.endpoint_id, r.template_id, r.tag, r.feedback_type_id, r.flag,")
                .append(" r.value, r.registers\n")
                .append(ProjectionTables.LIVE.apply("  FROM {rollup} r\n"))
                .append(" WHERE r.project_id = :project AND r.dims = :dims")
                .append(" AND r.hour >= :hours_from AND r.hour < :hours_to\n")
                .append("   AND r.hour NOT IN (SELECT hour FROM dirty_hours)")
                .append(filters(
                        query, "r.model", "r.endpoint_id", "r.template_id", "r.tag", "r.feedback_type_id", null))
                .append("\nUNION ALL\n")
                .append(counted(registers(query, "f.occurred_at", DIRTY_REGISTERS, null, null)));
        if (query.from().isBefore(hoursFrom)) {
            sql.append("\nUNION ALL\n")
                    .append(counted(registers(query, "f.occurred_at", ALL_REGISTERS, ":from", ":hours_from")));
        }
        if (hoursTo.isBefore(query.to())) {
            sql.append("\nUNION ALL\n")
                    .append(counted(registers(query, "f.occurred_at", ALL_REGISTERS, ":hours_to", ":to")));
        }
        return sql.toString();
    }

    private String fromRegisters(AnalyticsQuery query) {
        String time = query.byCompletionTime() ? "l.created_at" : "f.occurred_at";
        return counted(registers(query, time, ALL_REGISTERS, ":from", ":to"));
    }

    /** Register rows summed into cells, so the database, not the wire, carries the counting. */
    private static String counted(String registers) {
        return "SELECT bucket, model, endpoint_id, template_id, tag, feedback_type_id, flag, value,"
                + " count(*) AS registers FROM (\n" + registers
                + "\n) x GROUP BY bucket, model, endpoint_id, template_id, tag, feedback_type_id, flag, value";
    }

    /**
     * A register's tag where the answer needs it: when it groups or filters by tag, and for TEXT feedback (neither
     * flag nor value), whose statistics are its top tags. Elsewhere it is left out before the rows are counted, as
     * the rollup's sets without {@link Dimension#TAG} leave it out, which makes the rows read several times fewer.
     */
    private static String tag(AnalyticsQuery query, String table) {
        return query.dimensions().contains(Dimension.TAG)
                ? table + ".tag"
                : "CASE WHEN " + table + ".flag IS NULL AND " + table + ".value IS NULL THEN " + table + ".tag END";
    }

    /** A time's bucket: its unit's start in the zone, or the range's start for the one bucket of {@code none}. */
    private static String bucket(AnalyticsQuery query, String time) {
        return query.bucket() == Bucket.NONE ? "CAST(:from AS timestamptz)" : "date_trunc(:unit, " + time + ", :zone)";
    }

    /**
     * One row per register with only the dimensions the question needs (the rest null): those of {@code feedback}
     * (all registers, or a join that picks some) whose time lies in {@code [lower, upper)} when given.
     */
    private String registers(AnalyticsQuery query, String time, String feedback, String lower, String upper) {
        Set<Dimension> needed = query.dimensions();
        String endpoint = "coalesce(l.endpoint_id, f.endpoint_id)";
        String range = lower == null ? "" : " AND " + time + " >= " + lower + " AND " + time + " < " + upper;
        return "SELECT " + bucket(query, time) + " AS bucket, "
                + (needed.contains(Dimension.MODEL) ? "l.model" : "NULL::text") + " AS model, "
                + (needed.contains(Dimension.ENDPOINT) ? endpoint : "NULL::uuid") + " AS endpoint_id, "
                + (needed.contains(Dimension.TEMPLATE) ? "l.template_id" : "NULL::text") + " AS template_id,"
                + " " + tag(query, "f") + " AS tag, f.feedback_type_id, f.flag, f.value\n"
                + ProjectionTables.LIVE.apply("  FROM " + feedback + "\n"
                        + "  LEFT JOIN {log} l ON l.project_id = f.project_id AND l.usage_id = f.usage_id\n")
                + " WHERE f.project_id = :project" + range
                + filters(query, "l.model", endpoint, "l.template_id", "f.tag", "f.feedback_type_id", "l.\"values\"");
    }

    private static Instant ceilHour(Instant instant) {
        Instant floor = floorHour(instant);
        return floor.equals(instant) ? instant : floor.plus(Duration.ofHours(1));
    }

    private static Instant floorHour(Instant instant) {
        return instant.truncatedTo(ChronoUnit.HOURS);
    }

    private static String filters(
            AnalyticsQuery query,
            String model,
            String endpoint,
            String template,
            String tag,
            String type,
            String values) {
        List<String> conditions = new ArrayList<>();
        if (query.model() != null) {
            conditions.add(model + " = :model");
        }
        if (query.endpoint() != null) {
            conditions.add(endpoint + " = :endpoint");
        }
        if (query.template() != null) {
            conditions.add(template + " = :template");
        }
        if (query.tag() != null) {
            conditions.add(tag + " = :tag");
        }
        if (query.feedbackTypeId() != null) {
            conditions.add(type + " = :type");
        }
        if (query.valueKey() != null && values != null) {
            conditions.add(values + " ->> :value_key = :value");
        }
        return conditions.stream().map(c -> "\n   AND " + c).reduce("", String::concat);
    }

    private static JdbcClient.StatementSpec bindFilters(JdbcClient.StatementSpec statement, AnalyticsQuery query) {
        if (query.model() != null) {
            statement = statement.param("model", query.model());
        }
        if (query.endpoint() != null) {
            statement = statement.param("endpoint", query.endpoint());
        }
        if (query.template() != null) {
            statement = statement.param("template", query.template());
        }
        if (query.tag() != null) {
            statement = statement.param("tag", query.tag());
        }
        if (query.feedbackTypeId() != null) {
            statement = statement.param("type", query.feedbackTypeId());
        }
        if (query.valueKey() != null) {
            statement = statement.param("value_key", query.valueKey()).param("value", query.value());
        }
        return statement;
    }
}
