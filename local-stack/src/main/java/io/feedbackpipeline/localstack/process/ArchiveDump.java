package io.feedbackpipeline.localstack.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the class data sharing archive of a service's dependencies from the class list its first run wrote: a JVM
 * of its own ({@code -Xshare:dump}, ~15-20 CPU-seconds) at the lowest priority, once the service is ready, so it
 * takes no CPU from a start. The archive appears by a rename, whole or not at all; when several stacks dump the
 * same dependencies, the last rename wins and every archive is as good.
 */
final class ArchiveDump implements ClassDataSharing.Launch.Background {

    private static final Logger log = LoggerFactory.getLogger(ArchiveDump.class);
    /** How long a stop waits for a dump under way before it kills it (the next run lists and dumps again). */
    private static final long FINISH_WITHIN_SECONDS = 30;

    private final String service;
    private final Path classList;
    private final String classPath;
    private final Path archive;
    private Process process;
    private volatile boolean stopped;
    private CompletableFuture<Void> kept = CompletableFuture.completedFuture(null);

    ArchiveDump(String service, Path classList, String classPath, Path archive) {
        this.service = service;
        this.classList = classList;
        this.classPath = classPath;
        this.archive = archive;
    }

    /** Starts the dump in the background; closing this waits for it a while, then kills it. */
    synchronized ArchiveDump start() {
        if (Files.exists(archive)) {
            forget(classList); // another stack archived the same dependencies meanwhile
            return this;
        }
        String id = UUID.randomUUID().toString();
        Path partial = archive.resolveSibling(".classes-" + id + ".jsa");
        // The running service still appends to its list: the dump reads the lines complete so far.
        Path listed = archive.resolveSibling(".classes-" + id + ".lst");
        try {
            byte[] lines = Files.readAllBytes(classList);
            int complete = lines.length;
            while (complete > 0 && lines[complete - 1] != '\n') {
                complete--;
            }
            Files.write(listed, Arrays.copyOf(lines, complete));
        } catch (IOException e) {
            log.warn("{}: no list of its classes to archive: {}", service, e.toString());
            return this;
        }
        List<String> dump = List.of(
                ManagedProcess.Spec.javaExecutable(),
                "-Xshare:dump",
                "-XX:SharedClassListFile=" + listed,
                "-XX:SharedArchiveFile=" + partial,
                "-Xlog:cds=error",
                "-cp",
                classPath);
        long began = System.nanoTime();
        try {
            process = start(lowestPriority(dump));
        } catch (IOException noNice) {
            try {
                process = start(dump);
            } catch (IOException e) {
                log.warn("{}: could not archive its dependencies' classes: {}", service, e.toString());
                return this;
            }
        }
        log.info("{}: archiving its dependencies' classes in the background, for faster starts", service);
        kept = process.onExit().thenAccept(done -> {
            try {
                if (done.exitValue() == 0 && Files.exists(partial)) {
                    Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    log.info(
                            "{}: its dependencies' classes are archived ({} s); the next start maps them",
                            service,
                            (System.nanoTime() - began) / 1_000_000_000);
                } else if (stopped) {
                    log.info("{}: stopped archiving its dependencies' classes; the next start tries again", service);
                } else {
                    log.warn("{}: archiving its dependencies' classes failed: see {}", service, log());
                }
            } catch (IOException e) {
                log.warn("{}: could not keep the archive of its dependencies' classes: {}", service, e.toString());
            } finally {
                forget(partial);
                forget(listed);
                forget(classList);
            }
        });
        return this;
    }

    private Process start(List<String> command) throws IOException {
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log().toFile())
                .start();
    }

    private Path log() {
        return archive.resolveSibling("archive.log");
    }

    private static List<String> lowestPriority(List<String> command) {
        List<String> niced = new ArrayList<>(List.of("nice", "-n", "19"));
        niced.addAll(command);
        return niced;
    }

    private static void forget(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.debug("could not delete {}: {}", file, e.toString());
        }
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        log.info(
                "{}: finishing the archive of its dependencies' classes (at most {} s)",
                service,
                FINISH_WITHIN_SECONDS);
        if (!process.waitFor(FINISH_WITHIN_SECONDS, TimeUnit.SECONDS)) {
            stopped = true;
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        try {
            kept.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{}: the archive of its dependencies' classes was not kept: {}", service, e.toString());
        }
    }
}
