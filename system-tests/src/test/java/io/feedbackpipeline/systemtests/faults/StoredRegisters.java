package io.feedbackpipeline.systemtests.faults;

import io.feedbackpipeline.merge.Version;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** What the tables hold for a scenario's registers: read once by each check that compares something with them. */
final class StoredRegisters {

    /** A register's value and the version that wrote it. */
    record Stored(Double value, Version version) {}

    private StoredRegisters() {}

    /** The ledger's registers that exist, by usage_id (one register per usage_id in a scenario). */
    static Map<String, Stored> of(Ledger ledger, DataSource dataSource, UUID project) throws SQLException {
        List<Ledger.Key> keys = List.copyOf(ledger.keys());
        Map<String, Stored> registers = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("""
                        SELECT f.usage_id, f.value, f.occurred_at, f.event_id, f.item_index
                          FROM unnest(?::text[], ?::int[]) AS k(usage_id, feedback_type_id)
                          JOIN completion_feedback f ON f.project_id = ? AND f.usage_id = k.usage_id
                           AND f.feedback_type_id = k.feedback_type_id""")) {
            query.setArray(
                    1,
                    connection.createArrayOf(
                            "text", keys.stream().map(k -> k.usageId).toArray()));
            query.setArray(
                    2,
                    connection.createArrayOf(
                            "int4", keys.stream().map(k -> k.feedbackTypeId).toArray()));
            query.setObject(3, project);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    registers.put(
                            rows.getString(1),
                            new Stored(
                                    rows.getObject(2, Double.class),
                                    new Version(
                                            rows.getObject(3, OffsetDateTime.class)
                                                    .toInstant(),
                                            rows.getObject(4, UUID.class),
                                            rows.getInt(5))));
                }
            }
        }
        return registers;
    }
}
