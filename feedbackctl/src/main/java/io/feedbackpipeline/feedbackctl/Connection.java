package io.feedbackpipeline.feedbackctl;

import io.feedbackpipeline.catalog.connection.StackEnvFile;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Option;

/**
 * Where the pipeline runs. Each setting comes from its flag, else its environment variable, else the local stack's
 * {@code .local/stack.env}, so on a developer machine no flag is needed. The password has no flag: it comes from a
 * file, the environment, stack.env or a prompt.
 */
public final class Connection {

    @Option(names = "--stack-env", description = "KEY=VALUE file of a local stack (default: .local/stack.env)")
    Path stackEnv;

    @Option(names = "--bootstrap-servers", description = "Kafka (env KAFKA_BOOTSTRAP_SERVERS)")
    String bootstrapServers;

    @Option(
            names = "--external-schema-registry-url",
            description = "an external registry for Confluent schema ids beyond the bundled history, which always"
                    + " resolves without one (env EXTERNAL_SCHEMA_REGISTRY_URL; default: none)")
    String externalSchemaRegistryUrl;

    @Option(names = "--jdbc-url", description = "PostgreSQL (env JDBC_URL)")
    String jdbcUrl;

    @Option(names = "--jdbc-user", description = "env JDBC_USER")
    String jdbcUser;

    @Option(
            names = "--jdbc-password-file",
            description = "file whose first line is the password (env JDBC_PASSWORD, else stack.env, else a prompt)")
    Path jdbcPasswordFile;

    /** Refused with a pointer to the ways that do not show the password to everyone who can run {@code ps}. */
    @Option(names = "--jdbc-password", hidden = true)
    String jdbcPasswordOnCommandLine;

    private Map<String, String> environment = Map.of();

    void environment(Map<String, String> environment) {
        this.environment = environment;
    }

    public String bootstrapServers() {
        return setting(bootstrapServers, "KAFKA_BOOTSTRAP_SERVERS");
    }

    /**
     * An external registry, if one is named: asked only for a Confluent schema id outside the bundled history, as the
     * processor does.
     */
    public Optional<String> externalSchemaRegistryUrl() {
        if (externalSchemaRegistryUrl != null && !externalSchemaRegistryUrl.isBlank()) {
            return Optional.of(externalSchemaRegistryUrl);
        }
        return Optional.ofNullable(environment.get("EXTERNAL_SCHEMA_REGISTRY_URL"))
                .filter(url -> !url.isBlank());
    }

    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(setting(jdbcUrl, "JDBC_URL"));
        dataSource.setUser(setting(jdbcUser, "JDBC_USER"));
        dataSource.setPassword(jdbcPassword());
        dataSource.setConnectTimeout(5);
        return dataSource;
    }

    /**
     * The password from a file, the environment, the local stack's file or, at a terminal, a prompt: never from the
     * command line, where every user of the machine can read it.
     */
    private String jdbcPassword() {
        if (jdbcPasswordOnCommandLine != null) {
            throw new CommandFailure(
                    FeedbackCtl.USAGE,
                    "--jdbc-password is not accepted (a command line is visible to every user in ps): set"
                            + " JDBC_PASSWORD, pass --jdbc-password-file, or type it at the prompt");
        }
        if (jdbcPasswordFile != null) {
            try {
                return Files.readAllLines(jdbcPasswordFile).stream()
                        .findFirst()
                        .orElse("")
                        .strip();
            } catch (IOException e) {
                throw new CommandFailure(FeedbackCtl.USAGE, "cannot read --jdbc-password-file " + jdbcPasswordFile);
            }
        }
        String known = environment.getOrDefault("JDBC_PASSWORD", stackEnv().get("JDBC_PASSWORD"));
        if (known != null && !known.isBlank()) {
            return known;
        }
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("PostgreSQL password for %s: ", setting(jdbcUser, "JDBC_USER"));
            if (typed != null) {
                return new String(typed);
            }
        }
        throw new CommandFailure(
                FeedbackCtl.USAGE,
                "no JDBC_PASSWORD: set JDBC_PASSWORD, pass --jdbc-password-file, run at a terminal to be asked, or"
                        + " start the local stack (bin/local-stack)");
    }

    private String setting(String flag, String variable) {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        String fromFile = stackEnv().get(variable);
        if (fromFile != null && !fromFile.isBlank()) {
            return fromFile;
        }
        throw new CommandFailure(
                FeedbackCtl.USAGE,
                "no " + variable + ": pass --"
                        + variable.toLowerCase().replace('_', '-').replace("kafka-", "") + ", set " + variable
                        + ", or start the local stack (bin/local-stack)");
    }

    /** A local stack's {@code stack.env}, read as the local stack writes it. */
    private Map<String, String> stackEnv() {
        return StackEnvFile.read(stackEnv != null ? stackEnv : Path.of(".local", "stack.env"));
    }
}
