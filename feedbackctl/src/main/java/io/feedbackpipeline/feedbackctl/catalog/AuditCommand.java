package io.feedbackpipeline.feedbackctl.catalog;

import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.CatalogReader;
import io.feedbackpipeline.feedbackctl.Connection;
import io.feedbackpipeline.feedbackctl.Uuids;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code feedbackctl audit}: who changed the catalog (keys, projects, endpoints, feedback types), and when. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "List the catalog's changes, oldest first: keys issued, revoked and expired; projects,"
                + " endpoints and feedback types created. Columns: time, actor (who, then the database role),"
                + " action, project, id of what changed, detail.")
public final class AuditCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(names = "--project", description = "only this project's changes")
    String project;

    @Override
    public Integer call() {
        // Time expires keys, not a statement: record the expiries that passed since anyone last looked.
        new CatalogAdmin(connection.dataSource()).recordKeyExpiries();
        new CatalogReader(connection.dataSource())
                .audit(project == null ? null : Uuids.parse("--project", project))
                .forEach(entry -> spec.commandLine()
                        .getOut()
                        .printf(
                                "%s  %s  %s  %s  %s  %s%n",
                                entry.occurredAt(),
                                entry.actor(),
                                entry.action(),
                                entry.projectId(),
                                entry.subject(),
                                entry.detail()));
        return 0;
    }
}
