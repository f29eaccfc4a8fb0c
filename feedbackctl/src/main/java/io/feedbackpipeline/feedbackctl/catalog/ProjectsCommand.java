package io.feedbackpipeline.feedbackctl.catalog;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.CatalogReader;
import io.feedbackpipeline.catalog.WebOrigin;
import io.feedbackpipeline.feedbackctl.CommandFailure;
import io.feedbackpipeline.feedbackctl.Connection;
import io.feedbackpipeline.feedbackctl.FeedbackCtl;
import java.io.PrintWriter;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "projects",
        mixinStandardHelpOptions = true,
        description = "Create and list projects, and the web origins their pages send feedback from.")
public final class ProjectsCommand {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a project; prints its id.")
    void create(
            @Mixin Connection connection,
            @Option(names = "--name", required = true, description = "a name for people") String name) {
        CatalogAdmin.Project project = new CatalogAdmin(connection.dataSource()).createProject(name);
        spec.commandLine().getOut().println(project.id());
    }

    @Command(
            name = "allow-origin",
            mixinStandardHelpOptions = true,
            description = {
                "Let the project's web pages on an origin send feedback from the browser with feedback tokens"
                        + " (CORS); --remove takes it back. Gateways see the change within their catalog refresh"
                        + " (30 s by default). The catalog audit records it."
            })
    void allowOrigin(
            @Mixin Connection connection,
            @Option(names = "--project", required = true, description = "the project's id") String project,
            @Option(
                            names = "--origin",
                            required = true,
                            description =
                                    "scheme://host[:port] the pages are served from, e.g. https://app.example.com")
                    String origin,
            @Option(names = "--remove", description = "stop allowing the origin") boolean remove) {
        UUID projectId = Projects.existing(connection, project);
        WebOrigin parsed = WebOrigin.parse(origin)
                .orElseThrow(() -> new CommandFailure(FeedbackCtl.USAGE, "--origin: " + WebOrigin.problemWith(origin)));
        CatalogAdmin admin = new CatalogAdmin(connection.dataSource());
        PrintWriter out = spec.commandLine().getOut();
        if (remove) {
            out.println(
                    admin.removeOrigin(projectId, parsed)
                            ? "removed " + parsed
                            : parsed + " was not allowed for project " + projectId);
        } else {
            out.println(
                    admin.allowOrigin(projectId, parsed)
                            ? "allowed " + parsed
                            : parsed + " was already allowed for project " + projectId);
        }
    }

    @Command(
            name = "origins",
            mixinStandardHelpOptions = true,
            description = "List the origins whose pages may send the project's feedback from the browser.")
    void origins(
            @Mixin Connection connection,
            @Option(names = "--project", required = true, description = "the project's id") String project) {
        UUID projectId = Projects.existing(connection, project);
        new CatalogReader(connection.dataSource())
                .origins(projectId)
                .forEach(origin -> spec.commandLine().getOut().println(origin));
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List projects: id, created, name.")
    void list(@Mixin Connection connection) {
        new CatalogReader(connection.dataSource())
                .projects()
                .forEach(project -> spec.commandLine()
                        .getOut()
                        .printf("%s  %s  %s%n", project.id(), project.createdAt(), project.name()));
    }
}
