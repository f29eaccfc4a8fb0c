package io.feedbackpipeline.feedbackctl.catalog;

import io.feedbackpipeline.catalog.CatalogReader;
import io.feedbackpipeline.feedbackctl.Connection;
import io.feedbackpipeline.feedbackctl.Uuids;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code feedbackctl audit}: who issued and revoked which keys, and when. */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "List key issues and revocations, oldest first: time, actor (user and database role), action,"
                + " project, key id, detail.")
public final class AuditCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(names = "--project", description = "only this project's keys")
    String project;

    @Override
    public Integer call() {
        new CatalogReader(connection.dataSource())
                .keyAudit(project == null ? null : Uuids.parse("--project", project))
                .forEach(entry -> spec.commandLine()
                        .getOut()
                        .printf(
                                "%s  %s  %s  %s  %s  %s%n",
                                entry.occurredAt(),
                                entry.actor(),
                                entry.action(),
                                entry.projectId(),
                                entry.apiKeyId(),
                                entry.detail()));
        return 0;
    }
}
