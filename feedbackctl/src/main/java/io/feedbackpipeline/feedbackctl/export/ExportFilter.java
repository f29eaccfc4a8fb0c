package io.feedbackpipeline.feedbackctl.export;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Which feedback an export takes, filtered as the analytics API filters: one project always (an export never mixes
 * projects), a time range on when the feedback was given ({@code from} inclusive, {@code to} exclusive), and optionally
 * an endpoint, a model, a feedback type and a tag. Renders itself as a WHERE clause over {@code f}, the registers, and
 * {@code l}, their completion logs.
 */
record ExportFilter(
        UUID projectId, Instant from, Instant to, UUID endpointId, String model, Integer feedbackTypeId, String tag) {

    String where() {
        StringBuilder where = new StringBuilder("f.project_id = ?");
        if (from != null) {
            where.append(" AND f.occurred_at >= ?");
        }
        if (to != null) {
            where.append(" AND f.occurred_at < ?");
        }
        if (endpointId != null) {
            where.append(" AND coalesce(l.endpoint_id, f.endpoint_id) = ?");
        }
        if (model != null) {
            where.append(" AND l.model = ?");
        }
        if (feedbackTypeId != null) {
            where.append(" AND f.feedback_type_id = ?");
        }
        if (tag != null) {
            where.append(" AND f.tag = ?");
        }
        return where.toString();
    }

    /** Binds the clause's parameters from {@code first} on; returns the next free index. */
    int bind(PreparedStatement statement, int first) throws SQLException {
        List<Object> values = new ArrayList<>();
        values.add(projectId);
        if (from != null) {
            values.add(Timestamp.from(from));
        }
        if (to != null) {
            values.add(Timestamp.from(to));
        }
        if (endpointId != null) {
            values.add(endpointId);
        }
        if (model != null) {
            values.add(model);
        }
        if (feedbackTypeId != null) {
            values.add(feedbackTypeId);
        }
        if (tag != null) {
            values.add(tag);
        }
        int index = first;
        for (Object value : values) {
            statement.setObject(index++, value);
        }
        return index;
    }

    ExportFilter withFeedbackType(int typeId) {
        return new ExportFilter(projectId, from, to, endpointId, model, typeId, tag);
    }
}
