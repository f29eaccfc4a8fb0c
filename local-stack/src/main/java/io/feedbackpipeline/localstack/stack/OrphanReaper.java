package io.feedbackpipeline.localstack.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes processes left behind by a supervisor that was killed without a chance to stop them (SIGKILL, power
 * loss): the service JVMs it recorded in pid files, and a PostgreSQL still running on the data directory. A pid
 * is only acted on while it still names the same process (same start time, or a postmaster on our data).
 */
final class OrphanReaper {

    private static final Logger log = LoggerFactory.getLogger(OrphanReaper.class);

    /**
     * How long an orphan gets to stop after SIGTERM before SIGKILL. The broker ran inside the dead supervisor, so an
     * orphaned service cannot finish what it was doing: with the demo feed running, an orphaned processor did not
     * stop within 30 s of SIGTERM (LocalStackIT). Killing it loses nothing, as the fault suite's kill -9 scenarios
     * show.
     */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private OrphanReaper() {}

    static void record(Path pidFile, ProcessHandle process) throws IOException {
        String start = process.info().startInstant().map(Instant::toString).orElse("");
        Files.writeString(pidFile, process.pid() + " " + start + "\n", StandardCharsets.US_ASCII);
    }

    static void forget(Path pidFile) {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every recorded service process that still runs, then a postmaster left on the data directory. */
    static void reap(StackSettings settings) {
        if (Files.isDirectory(settings.run())) {
            try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(settings.run(), "*.pid")) {
                for (Path pidFile : pidFiles) {
                    String service = pidFile.getFileName().toString().replaceFirst("\\.pid$", "");
                    recordedProcess(pidFile).ifPresent(process -> terminate(process, service));
                    forget(pidFile);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        postmaster(settings.postgresData().resolve("postmaster.pid"))
                .ifPresent(process -> terminate(process, "PostgreSQL"));
    }

    private static Optional<ProcessHandle> recordedProcess(Path pidFile) throws IOException {
        String[] fields =
                Files.readString(pidFile, StandardCharsets.US_ASCII).trim().split(" ");
        Optional<ProcessHandle> process = ProcessHandle.of(Long.parseLong(fields[0]));
        String recordedStart = fields.length > 1 ? fields[1] : "";
        return process.filter(
                p -> p.info().startInstant().map(Instant::toString).orElse("").equals(recordedStart));
    }

    private static Optional<ProcessHandle> postmaster(Path postmasterPid) {
        if (!Files.exists(postmasterPid)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readAllLines(postmasterPid).get(0).trim());
            return ProcessHandle.of(pid)
                    .filter(p ->
                            p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void terminate(ProcessHandle process, String what) {
        log.warn("Stopping {} (pid {}) left running by an earlier local stack", what, process.pid());
        process.destroy();
        try {
            process.onExit().get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }
}
