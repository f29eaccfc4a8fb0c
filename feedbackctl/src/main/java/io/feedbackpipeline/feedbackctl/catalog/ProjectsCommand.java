package io.feedbackpipeline.feedbackctl.catalog;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.CatalogReader;
import io.feedbackpipeline.feedbackctl.Connection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "projects", mixinStandardHelpOptions = true, description = "Create and list projects.")
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

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List projects: id, created, name.")
    void list(@Mixin Connection connection) {
        new CatalogReader(connection.dataSource())
                .projects()
                .forEach(project -> spec.commandLine()
                        .getOut()
                        .printf("%s  %s  %s%n", project.id(), project.createdAt(), project.name()));
    }
}
