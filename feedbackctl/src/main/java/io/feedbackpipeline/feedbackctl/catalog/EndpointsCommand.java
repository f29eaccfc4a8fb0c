package io.feedbackpipeline.feedbackctl.catalog;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.CatalogReader;
import io.feedbackpipeline.feedbackctl.Connection;
import io.feedbackpipeline.feedbackctl.Uuids;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "endpoints",
        mixinStandardHelpOptions = true,
        description = "Create and list a project's endpoints (Baseplate's endpoint ids).")
public final class EndpointsCommand {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an endpoint; prints its id.")
    void create(
            @Mixin Connection connection,
            @Option(names = "--project", required = true) String project,
            @Option(names = "--name", required = true) String name) {
        CatalogAdmin.Endpoint endpoint =
                new CatalogAdmin(connection.dataSource()).createEndpoint(Projects.existing(connection, project), name);
        spec.commandLine().getOut().println(endpoint.id());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List endpoints: id, created, name.")
    void list(@Mixin Connection connection, @Option(names = "--project", required = true) String project) {
        new CatalogReader(connection.dataSource())
                .endpoints(Uuids.parse("--project", project))
                .forEach(endpoint -> spec.commandLine()
                        .getOut()
                        .printf("%s  %s  %s%n", endpoint.id(), endpoint.createdAt(), endpoint.name()));
    }
}
