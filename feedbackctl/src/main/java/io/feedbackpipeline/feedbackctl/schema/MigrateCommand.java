package io.feedbackpipeline.feedbackctl.schema;

import io.feedbackpipeline.catalog.CatalogMigrations;
import io.feedbackpipeline.feedbackctl.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Brings the database to the current schema as the role that owns it: the one-shot step that runs before the
 * services, so no service holds the owner's password (compose runs it as its {@code migrate} service). Safe to run
 * again, and from several places at once (Flyway takes an advisory lock).
 */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = "Apply pending schema migrations as the database's owner (JDBC_USER); grants the service roles.")
public final class MigrateCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(
            names = "--gateway-role",
            defaultValue = CatalogMigrations.GATEWAY_ROLE,
            description = "the gateway's login role, which the migrations grant (default: ${DEFAULT-VALUE})")
    String gatewayRole;

    @Option(
            names = "--processor-role",
            defaultValue = CatalogMigrations.PROCESSOR_ROLE,
            description = "the processor's login role, which the migrations grant (default: ${DEFAULT-VALUE})")
    String processorRole;

    @Override
    public Integer call() {
        int applied = CatalogMigrations.migrate(
                connection.dataSource(), new CatalogMigrations.ServiceRoles(gatewayRole, processorRole));
        spec.commandLine()
                .getOut()
                .println(applied == 0 ? "the schema is current" : "applied " + applied + " migration(s)");
        return 0;
    }
}
