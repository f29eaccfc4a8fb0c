package io.feedbackpipeline.gateway.analytics;

import io.feedbackpipeline.catalog.ProjectionTables;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
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

    record Read(Source source, List<Cell> cells) {}

    private static final String DIRTY_HOURS = ProjectionTables.LIVE.apply("""
            dirty_hours AS (
                SELECT d.hour FROM {dirty} d
                 WHERE d.project_id = :project AND d.hour >= :from AND d.hour < :to
                UNION
                SELECT date_trunc('hour', f.occurred_at, 'UTC') FROM {dirty} d
                  JOIN {feedback} f ON f.project_id = d.project_id AND f.usage_id = d.usage_id
                 WHERE d.project_id = :project AND d.usage_id IS NOT NULL
                   AND f.occurred_at >= :from AND f.occurred_at < :to)""");

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

    Read read(UUID project, AnalyticsQuery query) {
        boolean rollup = properties.useRollups() && rollupCanAnswer(query);
        String sql = rollup ? fromRollup(query) : fromRegisters(query);
        JdbcClient.StatementSpec statement = jdbc.sql(sql)
                .param("project", project)
                .param("from", Timestamp.from(query.from()))
                .param("to", Timestamp.from(query.to()))
                .param("unit", query.bucket().unit())
                .param("zone", query.zone().getId());
        if (rollup) {
            statement = statement.param("dims", (short) query.rollupDims());
        }
        statement = bindFilters(statement, query);
        Set<Dimension> needed = query.dimensions();
        List<Cell> cells = statement
                .query((row, n) -> new Cell(
                        row.getObject("bucket", OffsetDateTime.class).toInstant(),
                        needed.contains(Dimension.MODEL) ? row.getString("model") : null,
                        needed.contains(Dimension.ENDPOINT) ? row.getObject("endpoint_id", UUID.class) : null,
                        needed.contains(Dimension.TEMPLATE) ? row.getString("template_id") : null,
                        row.getString("tag"),
                        row.getInt("feedback_type_id"),
                        row.getObject("flag", Boolean.class),
                        row.getObject("value", Double.class),
                        row.getLong("registers")))
                .list();
        return new Read(rollup ? Source.ROLLUP : Source.REGISTERS, cells);
    }

    static boolean rollupCanAnswer(AnalyticsQuery query) {
        long logDimensions =
                query.dimensions().stream().filter(d -> d.rollupBit() != 0).count();
        return !query.byCompletionTime()
                && query.bucket() != Bucket.MINUTE
                && query.valueKey() == null
                && logDimensions <= 2
                && wholeHourOffsets(query.zone(), query.from(), query.to());
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

    private String fromRollup(AnalyticsQuery query) {
        return "WITH " + DIRTY_HOURS + "\nSELECT bucket, model, endpoint_id, template_id, tag, feedback_type_id, flag,"
                + " value, sum(registers) AS registers FROM (\n"
                + "SELECT date_trunc(:unit, r.hour, :zone) AS bucket, r.model, r.endpoint_id,"
                + " r.template_id, r.tag, r.feedback_type_id, r.flag, r.value, r.registers\n"
                + ProjectionTables.LIVE.apply("  FROM {rollup} r\n")
                + " WHERE r.project_id = :project AND r.dims = :dims AND r.hour >= :from AND r.hour < :to\n"
                + "   AND r.hour NOT IN (SELECT hour FROM dirty_hours)"
                + filters(query, "r.model", "r.endpoint_id", "r.template_id", "r.tag", "r.feedback_type_id", null)
                + "\nUNION ALL\n"
                + registers(query, "f.occurred_at", DIRTY_REGISTERS)
                + "\n) x GROUP BY bucket, model, endpoint_id, template_id, tag, feedback_type_id, flag, value";
    }

    private String fromRegisters(AnalyticsQuery query) {
        String time = query.byCompletionTime() ? "l.created_at" : "f.occurred_at";
        return "SELECT bucket, model, endpoint_id, template_id, tag, feedback_type_id, flag, value,"
                + " sum(registers) AS registers FROM (\n" + registers(query, time, ALL_REGISTERS)
                + "\n) x GROUP BY bucket, model, endpoint_id, template_id, tag, feedback_type_id, flag, value";
    }

    /** Every register in range, one row each, with only the dimensions the question needs (the rest null). */
    private String registers(AnalyticsQuery query, String time, String feedback) {
        Set<Dimension> needed = query.dimensions();
        String endpoint = "coalesce(l.endpoint_id, f.endpoint_id)";
        return "SELECT date_trunc(:unit, " + time + ", :zone) AS bucket, "
                + (needed.contains(Dimension.MODEL) ? "l.model" : "NULL::text") + " AS model, "
                + (needed.contains(Dimension.ENDPOINT) ? endpoint : "NULL::uuid") + " AS endpoint_id, "
                + (needed.contains(Dimension.TEMPLATE) ? "l.template_id" : "NULL::text") + " AS template_id,"
                + " f.tag, f.feedback_type_id, f.flag, f.value, 1::bigint AS registers\n"
                + ProjectionTables.LIVE.apply("  FROM " + feedback + "\n"
                        + "  LEFT JOIN {log} l ON l.project_id = f.project_id AND l.usage_id = f.usage_id\n")
                + " WHERE f.project_id = :project AND " + time + " >= :from AND " + time + " < :to"
                + filters(query, "l.model", endpoint, "l.template_id", "f.tag", "f.feedback_type_id", "l.\"values\"");
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
