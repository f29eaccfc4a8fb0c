package io.feedbackpipeline.feedbackctl.catalog;

import io.feedbackpipeline.catalog.ApiKeyScope;
import io.feedbackpipeline.catalog.CatalogAdmin;
import io.feedbackpipeline.catalog.CatalogReader;
import io.feedbackpipeline.feedbackctl.CommandFailure;
import io.feedbackpipeline.feedbackctl.Connection;
import io.feedbackpipeline.feedbackctl.FeedbackCtl;
import io.feedbackpipeline.feedbackctl.Instants;
import io.feedbackpipeline.feedbackctl.Uuids;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Create, list and revoke API keys. Only a key's SHA-256 and prefix are stored.")
public final class KeysCommand {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a key; prints it once (it cannot be shown again), then its id.")
    void create(
            @Mixin Connection connection,
            @Option(names = "--project", required = true) String project,
            @Option(names = "--name", defaultValue = "", description = "what the key is for") String name,
            @Option(
                            names = "--scope",
                            split = ",",
                            defaultValue = "ingest",
                            description = "what it may do: ingest (send feedback and logs), read (read logs and the"
                                    + " catalog), admin (change feedback types); comma-separated, default ingest")
                    String[] scopes,
            @Option(
                            names = "--expires-at",
                            description = "ISO-8601 instant after which it stops working, for rotation with an overlap")
                    String expiresAt) {
        Set<ApiKeyScope> granted;
        try {
            granted = ApiKeyScope.parseAll(scopes);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(FeedbackCtl.USAGE, "--scope: " + e.getMessage());
        }
        Instant expiry = expiresAt == null ? null : Instants.parse("--expires-at", expiresAt);
        CatalogAdmin.IssuedApiKey key = new CatalogAdmin(connection.dataSource())
                .issueApiKey(Projects.existing(connection, project), name, granted, expiry);
        PrintWriter out = spec.commandLine().getOut();
        out.println(key.secret().value());
        out.println("id " + key.id() + " (store the key now: it is not stored and cannot be shown again)");
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List a project's keys: id, prefix, scopes, created, expiry, state, name.")
    void list(@Mixin Connection connection, @Option(names = "--project", required = true) String project) {
        new CatalogReader(connection.dataSource())
                .apiKeys(Uuids.parse("--project", project))
                .forEach(key -> spec.commandLine()
                        .getOut()
                        .printf(
                                "%s  %s…  %s  %s  %s  %s  %s%n",
                                key.id(),
                                key.prefix(),
                                String.join(",", ApiKeyScope.wireNames(key.scopes())),
                                key.createdAt(),
                                key.expiresAt() == null ? "no-expiry" : "expires " + key.expiresAt(),
                                state(key),
                                key.name()));
    }

    private static String state(CatalogReader.ApiKeyEntry key) {
        if (key.revokedAt() != null) {
            return "revoked " + key.revokedAt();
        }
        return key.expiresAt() != null && !key.expiresAt().isAfter(Instant.now()) ? "expired" : "active";
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revoke a key; gateways refuse it within their key-cache time (30 s by default).")
    void revoke(@Mixin Connection connection, @Parameters(paramLabel = "KEY_ID") String keyId) {
        switch (new CatalogAdmin(connection.dataSource()).revokeApiKey(Uuids.parse("KEY_ID", keyId))) {
            case REVOKED -> spec.commandLine().getOut().println("revoked " + keyId);
            case ALREADY_REVOKED -> spec.commandLine().getOut().println("already revoked " + keyId);
            case NOT_FOUND -> throw new CommandFailure(FeedbackCtl.NOT_FOUND, "no API key " + keyId);
        }
    }
}
