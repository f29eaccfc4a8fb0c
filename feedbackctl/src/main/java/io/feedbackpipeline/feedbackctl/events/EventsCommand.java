package io.feedbackpipeline.feedbackctl.events;

import io.feedbackpipeline.feedbackctl.CommandFailure;
import io.feedbackpipeline.feedbackctl.Connection;
import io.feedbackpipeline.feedbackctl.FeedbackCtl;
import io.feedbackpipeline.feedbackctl.TerminalText;
import io.feedbackpipeline.feedbackctl.Uuids;
import java.io.PrintWriter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Where an event is, from the processor's receipt (V14), as {@code GET /v1/events/{id}} answers from it. */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Follow events by their id.")
public final class EventsCommand {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = {
                "The receipt of an event: projected (when, items, how many won their register) or dead-lettered"
                        + " (when, reason, detail), with the record it came from. Exit 3 when there is none: not"
                        + " projected yet, never seen, or pruned after the keep window."
            })
    void show(@Mixin Connection connection, @Parameters(paramLabel = "EVENT_ID") String eventId) {
        UUID id = Uuids.parse("EVENT_ID", eventId);
        String sql = """
                SELECT outcome, decided_at, project_id, items, items_won, reason, detail,
                       source_topic, source_partition, source_offset
                  FROM event_receipt WHERE event_id = ?""";
        PrintWriter out = spec.commandLine().getOut();
        try (java.sql.Connection db = connection.dataSource().getConnection();
                PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setObject(1, id);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new CommandFailure(
                            FeedbackCtl.NOT_FOUND,
                            "no receipt of " + id + ": not projected yet, never seen, or pruned after the keep window");
                }
                out.printf("event      %s%n", id);
                out.printf("status     %s%n", row.getString("outcome"));
                out.printf("decided    %s%n", row.getTimestamp("decided_at").toInstant());
                out.printf("project    %s%n", row.getObject("project_id", UUID.class));
                out.printf("items      %d%n", row.getInt("items"));
                if (row.getObject("items_won") != null) {
                    out.printf("won        %d%n", row.getInt("items_won"));
                }
                if (row.getString("reason") != null) {
                    out.printf("reason     %s%n", row.getString("reason"));
                    out.printf("detail     %s%n", TerminalText.escape(row.getString("detail")));
                }
                out.printf(
                        "record     %s:%d:%d%n",
                        row.getString("source_topic"), row.getInt("source_partition"), row.getLong("source_offset"));
            }
        } catch (SQLException e) {
            throw new CommandFailure(FeedbackCtl.FAILED, "cannot read the receipt: " + e.getMessage());
        }
    }
}
