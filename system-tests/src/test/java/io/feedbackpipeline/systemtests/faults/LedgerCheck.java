package io.feedbackpipeline.systemtests.faults;

import io.feedbackpipeline.systemtests.faults.Ledger.Outcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The ledger against the tables, once the pipeline has caught up. An acknowledged request is found when its key's
 * register holds it or a later request of the same key, stale when the register holds an earlier one, lost when
 * there is no register at all.
 */
final class LedgerCheck {

    /**
     * @param eventsChecked acknowledged events whose answer named them ({@code /v1/feedback}, Baseplate's 202)
     * @param withoutReceipt of those, the ones with no "projected" receipt
     */
    record Counts(long acknowledged, long found, long lost, long stale, long eventsChecked, long withoutReceipt) {}

    private LedgerCheck() {}

    static Counts check(Ledger ledger, DataSource dataSource, UUID project) throws SQLException {
        Map<String, StoredRegisters.Stored> registers = StoredRegisters.of(ledger, dataSource, project);
        List<Ledger.Key> keys = List.copyOf(ledger.keys());
        long acknowledged = 0;
        long found = 0;
        long lost = 0;
        long stale = 0;
        for (Ledger.Key key : keys) {
            List<Ledger.Request> requests = key.requests();
            StoredRegisters.Stored register = registers.get(key.usageId);
            int position = register == null
                    ? 0
                    : positionOf(
                            key,
                            requests,
                            register.value(),
                            register.version().eventId().toString());
            for (Ledger.Request request : requests) {
                if (request.outcome() != Outcome.ACKNOWLEDGED) {
                    continue;
                }
                acknowledged++;
                if (register == null) {
                    lost++;
                } else if (position >= request.sequence()) {
                    found++;
                } else {
                    stale++;
                }
            }
        }
        Object[] events = acknowledgedEvents(ledger);
        return new Counts(acknowledged, found, lost, stale, events.length, withoutReceipt(events, dataSource));
    }

    private static Object[] acknowledgedEvents(Ledger ledger) {
        return ledger.keys().stream()
                .flatMap(key -> key.requests().stream())
                .filter(request -> request.outcome() == Outcome.ACKNOWLEDGED && request.eventId() != null)
                .map(request -> UUID.fromString(request.eventId()))
                .distinct()
                .toArray();
    }

    /** Receipts are written in the projection's transaction: every acknowledged event must have one, whatever failed. */
    private static long withoutReceipt(Object[] events, DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        SELECT count(*) FROM unnest(?::uuid[]) AS e(id)
                         WHERE NOT EXISTS (SELECT 1 FROM event_receipt r
                                            WHERE r.event_id = e.id AND r.outcome = 'projected')""")) {
            query.setArray(1, connection.createArrayOf("uuid", events));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /**
     * Which request the register holds. A thumbs register whose event id the client never learned is an uncertain
     * request (stored after all, as a 503 allows): it counts as the latest uncertain one after the last acknowledged.
     */
    private static int positionOf(Ledger.Key key, List<Ledger.Request> requests, Double value, String eventId) {
        int position = key.positionOf(value, eventId);
        if (position >= 0) {
            return position;
        }
        int lastAcknowledged =
                Ledger.lastAcknowledged(requests).map(Ledger.Request::sequence).orElse(0);
        return requests.stream()
                .filter(r -> r.outcome() == Outcome.UNCERTAIN && r.sequence() > lastAcknowledged)
                .mapToInt(Ledger.Request::sequence)
                .max()
                .orElse(-1);
    }
}
