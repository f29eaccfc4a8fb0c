package io.feedbackpipeline.projection.store;

import static io.feedbackpipeline.projection.store.Transactions.column;

import io.feedbackpipeline.projection.receipt.Receipt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes receipts (V14) in the projection's transaction: one set-based insert per transaction, the first decision
 * about an event standing ({@code ON CONFLICT DO NOTHING}), so a redelivered or replayed event leaves its receipt as
 * it was, just as it leaves the projection.
 */
final class Receipts {

    private static final String RECORD = """
            INSERT INTO event_receipt (event_id, project_id, outcome, items, items_won, reason, detail,
                                       source_topic, source_partition, source_offset)
            SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::int4[], ?::int4[], ?::text[], ?::text[],
                                 ?::text[], ?::int4[], ?::int8[])
            ON CONFLICT (event_id) DO NOTHING""";

    private Receipts() {}

    /** Runs an upsert that ends in {@code (event_id, count)} rows; adds each to {@code won}, returns their sum. */
    static int rowsWrittenPerEvent(Connection connection, String sql, Object[] parameters, Map<UUID, Integer> won)
            throws SQLException {
        int written = 0;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    int count = rows.getInt(2);
                    won.merge(rows.getObject(1, UUID.class), count, Integer::sum);
                    written += count;
                }
            }
        }
        return written;
    }

    /** The receipts of a transaction's events; a projected one records the registers {@code won} counted for it. */
    static void record(Connection connection, List<Receipt> receipts, Map<UUID, Integer> won) throws SQLException {
        List<Receipt> counted = receipts.stream()
                .map(receipt -> receipt.outcome() == Receipt.Outcome.PROJECTED
                        ? receipt.won(won.getOrDefault(receipt.eventId(), 0))
                        : receipt)
                .toList();
        Transactions.update(
                connection,
                RECORD,
                column(connection, "uuid", counted, Receipt::eventId),
                column(connection, "uuid", counted, Receipt::projectId),
                column(connection, "text", counted, receipt -> receipt.outcome().wireName()),
                column(connection, "int4", counted, Receipt::items),
                column(connection, "int4", counted, Receipt::itemsWon),
                column(connection, "text", counted, Receipt::reason),
                column(connection, "text", counted, Receipt::detail),
                column(connection, "text", counted, receipt -> receipt.origin().topic()),
                column(connection, "int4", counted, receipt -> receipt.origin().partition()),
                column(connection, "int8", counted, receipt -> receipt.origin().offset()));
    }
}
