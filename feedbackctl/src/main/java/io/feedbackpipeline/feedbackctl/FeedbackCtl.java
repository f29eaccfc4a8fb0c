package io.feedbackpipeline.feedbackctl;

import io.feedbackpipeline.feedbackctl.catalog.AuditCommand;
import io.feedbackpipeline.feedbackctl.catalog.EndpointsCommand;
import io.feedbackpipeline.feedbackctl.catalog.FeedbackTypesCommand;
import io.feedbackpipeline.feedbackctl.catalog.KeysCommand;
import io.feedbackpipeline.feedbackctl.catalog.ProjectsCommand;
import io.feedbackpipeline.feedbackctl.deadletter.DltCommand;
import io.feedbackpipeline.feedbackctl.events.EventsCommand;
import io.feedbackpipeline.feedbackctl.export.ExportCommand;
import io.feedbackpipeline.feedbackctl.produce.ProduceCommand;
import io.feedbackpipeline.feedbackctl.replay.ReplayCommand;
import io.feedbackpipeline.feedbackctl.schema.MigrateCommand;
import io.feedbackpipeline.feedbackctl.status.StatusCommand;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code feedbackctl}: the operator's tool. Exit codes scripts can rely on: 0 done, 1 failed (one line on stderr
 * says why), 2 wrong usage, 3 not found, 4 already exists.
 */
@Command(
        name = "feedbackctl",
        mixinStandardHelpOptions = true,
        version = "feedbackctl 0.1.0",
        description = "Operate a feedback-pipeline: schema migrations, catalog, key audit, producing, replay and"
                + " rebuild, dead letters, status.",
        subcommands = {
            MigrateCommand.class,
            ProjectsCommand.class,
            KeysCommand.class,
            AuditCommand.class,
            EndpointsCommand.class,
            FeedbackTypesCommand.class,
            ProduceCommand.class,
            ReplayCommand.class,
            DltCommand.class,
            EventsCommand.class,
            ExportCommand.class,
            StatusCommand.class,
            CommandLine.HelpCommand.class
        })
public final class FeedbackCtl {

    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int NOT_FOUND = 3;
    public static final int ALREADY_EXISTS = 4;

    public static void main(String[] args) {
        System.exit(
                execute(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line with the given environment and streams; returns the exit code. */
    public static int execute(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new FeedbackCtl(), new EnvironmentAwareFactory(environment));
        commandLine.setOut(new PrintWriter(TerminalText.writer(out), true));
        commandLine.setErr(err);
        commandLine.setExitCodeExceptionMapper(failure -> {
            if (failure instanceof CommandFailure expected) {
                return expected.exitCode();
            }
            // A value the catalog refuses (a name with a control character, say) is a usage error like a bad flag.
            return failure instanceof CommandLine.ParameterException || failure instanceof IllegalArgumentException
                    ? USAGE
                    : FAILED;
        });
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            line.getErr().println("feedbackctl: " + TerminalText.escape(oneLine(failure)));
            line.getErr().flush();
            return line.getExitCodeExceptionMapper().getExitCode(failure);
        });
        int code = commandLine.execute(args);
        commandLine.getOut().flush();
        out.flush();
        err.flush();
        return code;
    }

    private static String oneLine(Throwable failure) {
        if (failure instanceof CommandFailure) {
            return failure.getMessage();
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message =
                root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message.lines().findFirst().orElse(message);
    }

    /** Gives every command the process environment (tests pass their own). */
    private record EnvironmentAwareFactory(Map<String, String> environment) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            K instance = CommandLine.defaultFactory().create(type);
            if (instance instanceof Connection connection) {
                connection.environment(environment);
            }
            return instance;
        }
    }
}
