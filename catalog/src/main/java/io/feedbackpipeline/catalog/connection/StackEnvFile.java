package io.feedbackpipeline.catalog.connection;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code .local/stack.env}: what a user, a script or feedbackctl needs to talk to the running stack, as
 * {@code KEY=VALUE} lines that a shell can source. The local stack writes it and every reader reads it through here,
 * so the format, the keys and their trimming are one definition.
 */
public final class StackEnvFile {

    public static final List<String> KEYS = List.of(
            "GATEWAY_URL",
            "GATEWAY_MANAGEMENT_URL",
            "PROCESSOR_URL",
            "API_KEY",
            "PROJECT_ID",
            "ENDPOINT_ID",
            "KAFKA_BOOTSTRAP_SERVERS",
            "SCHEMA_REGISTRY_URL",
            "JDBC_URL",
            "JDBC_USER",
            "JDBC_PASSWORD");

    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private StackEnvFile() {}

    /**
     * The known KEY=VALUE lines of a stack.env file (as {@link Properties} reads them), trimmed, blank ones left out;
     * empty when it does not exist.
     */
    public static Map<String, String> read(Path file) {
        Properties values = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                values.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : KEYS) {
            String value = values.getProperty(key);
            if (value != null && !value.isBlank()) {
                settings.put(key, value.trim());
            }
        }
        return settings;
    }

    /**
     * Replaces the file atomically, so a reader never sees half of it; readable by its owner only, as it holds the
     * demo key and the database password.
     */
    public static void write(Path file, Map<String, String> values) {
        StringBuilder text = new StringBuilder("# Written by the local stack at each start; source it in a shell.\n");
        for (String key : KEYS) {
            text.append(key).append('=').append(values.getOrDefault(key, "")).append('\n');
        }
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
