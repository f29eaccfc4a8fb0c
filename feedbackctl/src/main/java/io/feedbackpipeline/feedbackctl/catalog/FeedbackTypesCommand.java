package io.feedbackpipeline.feedbackctl.catalog;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.CatalogReader;
import io.feedbackpipeline.catalog.FeedbackKind;
import io.feedbackpipeline.catalog.FeedbackType;
import io.feedbackpipeline.feedbackctl.CommandFailure;
import io.feedbackpipeline.feedbackctl.Connection;
import io.feedbackpipeline.feedbackctl.FeedbackCtl;
import io.feedbackpipeline.feedbackctl.Uuids;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "feedback-types",
        mixinStandardHelpOptions = true,
        description = "Create and list the feedback types a project can use.")
public final class FeedbackTypesCommand {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a type; prints its id.")
    void create(
            @Mixin Connection connection,
            @Option(names = "--project", required = true) String project,
            @Option(names = "--name", required = true) String name,
            @Option(names = "--kind", required = true, description = "BOOLEAN, NUMERIC or TEXT") FeedbackKind kind,
            @Option(names = "--min", description = "NUMERIC only: lowest value") Double min,
            @Option(names = "--max", description = "NUMERIC only: highest value") Double max) {
        if (kind != FeedbackKind.NUMERIC && (min != null || max != null)) {
            throw new CommandFailure(FeedbackCtl.USAGE, "--min and --max are for NUMERIC types only");
        }
        if (min != null && max != null && min > max) {
            throw new CommandFailure(FeedbackCtl.USAGE, "--min must not be greater than --max");
        }
        FeedbackType type = new CatalogAdmin(connection.dataSource())
                .createFeedbackType(Projects.existing(connection, project), name.trim(), kind, min, max)
                .orElseThrow(() -> new CommandFailure(
                        FeedbackCtl.ALREADY_EXISTS,
                        "the project already has a feedback type named '" + name.trim() + "'"));
        spec.commandLine().getOut().println(type.id());
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the built-in types and the project's own: id, kind, bounds, name.")
    void list(@Mixin Connection connection, @Option(names = "--project", required = true) String project) {
        new CatalogReader(connection.dataSource())
                .feedbackTypesVisibleTo(Uuids.parse("--project", project))
                .forEach(type -> spec.commandLine()
                        .getOut()
                        .printf(
                                "%d  %s  %s  %s%s%n",
                                type.id(),
                                type.kind(),
                                type.kind() == FeedbackKind.NUMERIC
                                        ? "[" + bound(type.minValue()) + ", " + bound(type.maxValue()) + "]"
                                        : "-",
                                type.name(),
                                type.projectId() == null ? " (built-in)" : ""));
    }

    private static String bound(Double bound) {
        return bound == null ? "*" : bound.toString();
    }
}
