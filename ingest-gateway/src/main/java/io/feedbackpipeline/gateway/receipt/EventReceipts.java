package io.feedbackpipeline.gateway.receipt;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The receipts the processor writes in its projection transactions (V14), read for one project. */
@Component
class EventReceipts {

    private final JdbcClient jdbc;

    EventReceipts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The project's receipt of an event; an event of another project is as unknown as one that never was. */
    Optional<EventStatus> of(UUID project, UUID eventId) {
        return jdbc.sql("""
                        SELECT outcome, decided_at, items, items_won, reason, detail,
                               source_topic, source_partition, source_offset
                          FROM event_receipt WHERE event_id = ? AND project_id = ?""")
                .param(eventId)
                .param(project)
                .query((row, n) -> new EventStatus(
                        eventId.toString(),
                        row.getString("outcome"),
                        row.getTimestamp("decided_at").toInstant(),
                        row.getInt("items"),
                        (Integer) row.getObject("items_won"),
                        row.getString("reason"),
                        row.getString("detail"),
                        new EventStatus.Position(
                                row.getString("source_topic"),
                                row.getInt("source_partition"),
                                row.getLong("source_offset"))))
                .optional();
    }
}
