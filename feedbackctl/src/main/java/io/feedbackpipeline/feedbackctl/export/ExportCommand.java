package io.feedbackpipeline.feedbackctl.export;

import io.feedbackpipeline.feedbackctl.CommandFailure;
import io.feedbackpipeline.feedbackctl.Connection;
import io.feedbackpipeline.feedbackctl.FeedbackCtl;
import io.feedbackpipeline.feedbackctl.Instants;
import io.feedbackpipeline.feedbackctl.Uuids;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code feedbackctl export}: a project's feedback, or preference pairs made of it, as JSON Lines, CSV or Parquet. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Exports a project's feedback, one row per completion and feedback type with its completion log, or with"
                    + " --pairs the preference pairs {prompt, chosen, rejected} made of it. Streams: memory does not"
                    + " grow with the export. The file appears whole under its name or not at all. Progress and the"
                    + " summary go to standard error."
        })
public final class ExportCommand implements Runnable {

    /** The export formats. */
    enum Format {
        jsonl,
        csv,
        parquet
    }

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(names = "--project", required = true, description = "the project (id)")
    String project;

    @Option(names = "--format", required = true, description = "jsonl, csv or parquet")
    Format format;

    @Option(
            names = "--output",
            required = true,
            description = "the file to write (replaced whole when it exists); - for standard output (jsonl, csv)")
    String output;

    @Option(names = "--from", description = "feedback given at or after this instant (ISO-8601)")
    String from;

    @Option(names = "--to", description = "feedback given before this instant (ISO-8601)")
    String to;

    @Option(names = "--endpoint", description = "only this endpoint (id)")
    String endpoint;

    @Option(names = "--model", description = "only completions of this model")
    String model;

    @Option(
            names = "--feedback-type",
            description = "only this feedback type (id); with --pairs, the type that ranks (default: 1, thumbs)")
    Integer feedbackType;

    @Option(names = "--tag", description = "only feedback with this tag")
    String tag;

    @Option(names = "--pairs", description = "write preference pairs {prompt, chosen, rejected} instead of rows")
    boolean pairs;

    @Option(
            names = "--margin",
            defaultValue = "1",
            description = "with --pairs, the least score difference that makes a pair (default: ${DEFAULT-VALUE})")
    double margin;

    @Option(
            names = "--max-pairs-per-prompt",
            defaultValue = "100",
            description = "with --pairs, pairs one prompt gives at most (default: ${DEFAULT-VALUE})")
    int maxPairsPerPrompt;

    @Option(
            names = "--max-completions-per-prompt",
            defaultValue = "10000",
            description = "with --pairs, completions of one prompt that are read at most (default: ${DEFAULT-VALUE})")
    int maxCompletionsPerPrompt;

    @Override
    public void run() {
        ExportFilter filter = filter();
        if (output.equals("-") && format == Format.parquet) {
            throw new CommandFailure(FeedbackCtl.USAGE, "--output - takes jsonl or csv: Parquet needs a file");
        }
        if (margin < 0 || maxPairsPerPrompt < 1 || maxCompletionsPerPrompt < 2) {
            throw new CommandFailure(
                    FeedbackCtl.USAGE,
                    "--margin must be >= 0, --max-pairs-per-prompt >= 1 and --max-completions-per-prompt >= 2");
        }
        PrintWriter err = spec.commandLine().getErr();
        try (java.sql.Connection db = connection.dataSource().getConnection()) {
            ExportFilter checked = checkFilter(db, filter);
            if (output.equals("-")) {
                try (RowSink sink = textSink(spec.commandLine().getOut())) {
                    export(db, checked, sink, err);
                }
                return;
            }
            AtomicOutput file = atomicOutput(Path.of(output));
            try {
                try (RowSink sink = format == Format.parquet
                        ? new ParquetSink(columns(), file.partial(), pairs ? "PreferencePair" : "FeedbackRow")
                        : textSink(Files.newBufferedWriter(file.partial(), StandardCharsets.UTF_8))) {
                    export(db, checked, sink, err);
                }
                file.commit();
                err.printf("wrote %s%n", file.target());
            } catch (Exception e) {
                file.abandon();
                throw e;
            }
        } catch (CommandFailure e) {
            throw e;
        } catch (SQLException e) {
            throw new CommandFailure(FeedbackCtl.FAILED, "cannot read the feedback: " + e.getMessage());
        } catch (IOException e) {
            throw new CommandFailure(FeedbackCtl.FAILED, "cannot write " + output + ": " + e.getMessage());
        } catch (Exception e) {
            throw new CommandFailure(FeedbackCtl.FAILED, "export failed: " + e);
        }
    }

    private void export(java.sql.Connection db, ExportFilter filter, RowSink sink, PrintWriter err) throws Exception {
        if (pairs) {
            PreferencePairs pairing = new PreferencePairs(
                    new PreferencePairs.Settings(margin, maxPairsPerPrompt, maxCompletionsPerPrompt));
            ExportProgress progress = new ExportProgress(err, "completions", pairing.candidates(db, filter));
            PreferencePairs.Summary summary = pairing.stream(db, filter, sink, () -> progress.advance(1));
            progress.finish();
            err.printf(
                    "%,d preference pairs from %,d of %,d prompts (%,d rated completions read, %,d beyond"
                            + " --max-completions-per-prompt)%n",
                    summary.pairs(),
                    summary.promptsPaired(),
                    summary.prompts(),
                    summary.completions(),
                    summary.completionsSkipped());
        } else {
            ExportProgress progress = new ExportProgress(err, "rows", FeedbackRows.count(db, filter));
            FeedbackRows.stream(db, filter, row -> {
                sink.write(row);
                progress.advance(1);
            });
            progress.finish();
        }
    }

    private List<Column> columns() {
        return pairs ? PreferencePairs.COLUMNS : FeedbackRows.COLUMNS;
    }

    private RowSink textSink(Writer out) throws IOException {
        return format == Format.csv ? new CsvSink(columns(), out) : new JsonLinesSink(columns(), out);
    }

    private ExportFilter filter() {
        UUID projectId = Uuids.parse("--project", project);
        Instant fromInstant = from == null ? null : Instants.parse("--from", from);
        Instant toInstant = to == null ? null : Instants.parse("--to", to);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw new CommandFailure(FeedbackCtl.USAGE, "--from must be before --to, was " + from + " .. " + to);
        }
        UUID endpointId = endpoint == null ? null : Uuids.parse("--endpoint", endpoint);
        Integer type = feedbackType != null ? feedbackType : (pairs ? Integer.valueOf(1) : null);
        return new ExportFilter(projectId, fromInstant, toInstant, endpointId, model, type, tag);
    }

    /** The project, endpoint and feedback type must exist, and be the project's: a typo is an error, not 0 rows. */
    private static ExportFilter checkFilter(java.sql.Connection db, ExportFilter filter) throws SQLException {
        if (!exists(db, "SELECT 1 FROM project WHERE id = ?", filter.projectId())) {
            throw new CommandFailure(FeedbackCtl.NOT_FOUND, "no project " + filter.projectId());
        }
        if (filter.endpointId() != null
                && !exists(
                        db,
                        "SELECT 1 FROM endpoint WHERE id = ? AND project_id = ?",
                        filter.endpointId(),
                        filter.projectId())) {
            throw new CommandFailure(
                    FeedbackCtl.NOT_FOUND, "--endpoint " + filter.endpointId() + " is not an endpoint of the project");
        }
        if (filter.feedbackTypeId() != null
                && !exists(
                        db,
                        "SELECT 1 FROM feedback_type WHERE id = ? AND (project_id IS NULL OR project_id = ?)",
                        filter.feedbackTypeId(),
                        filter.projectId())) {
            throw new CommandFailure(
                    FeedbackCtl.NOT_FOUND,
                    "--feedback-type " + filter.feedbackTypeId() + " is not a feedback type of the project");
        }
        return filter;
    }

    private static boolean exists(java.sql.Connection db, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static AtomicOutput atomicOutput(Path target) {
        try {
            return AtomicOutput.beside(target);
        } catch (IOException e) {
            throw new CommandFailure(FeedbackCtl.USAGE, "cannot write --output " + target + ": " + e.getMessage());
        }
    }
}
