package io.feedbackpipeline.localstack.process;

import io.feedbackpipeline.localstack.Folders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a Spring Boot service from a class data sharing archive of its own classes, as Spring Boot's CDS support
 * describes: the jar is extracted once ({@code -Djarmode=tools extract}, since classes inside nested jars cannot be
 * archived), the first run records the classes it loads into an archive when it exits
 * ({@code -XX:ArchiveClassesAtExit}), and every later run maps them instead of loading, verifying and linking them
 * again. On this 2-core machine that takes the gateway from ~9.5 s to ~5.5 s to ready (docs/getting-started.md).
 *
 * <p>Recording costs the first run nothing but ~2 s more to stop; there is no separate training run. The archive
 * belongs to one build of the jar and one JDK, and is kept by the digest of both in a cache the machine shares
 * (builds are reproducible, so a new clone of the same commit builds the same jar and starts from the archive an
 * earlier clone recorded): a changed jar or JDK starts a new recording. A JVM that cannot map the archive (it does
 * not fit, the JDK changed under it) starts without it ({@code -Xshare:auto}), only slower.
 */
public final class ClassDataSharing {

    private static final Logger log = LoggerFactory.getLogger(ClassDataSharing.class);
    private static final String ARCHIVE = "classes.jsa";
    private static final String STAMP = "source.stamp";
    /** Builds of a service kept besides the one starting: older ones are deleted once a week has passed. */
    private static final int KEPT_BUILDS = 3;

    private static final Duration KEPT_FOR_AT_LEAST = Duration.ofDays(7);
    // Errors only: a recording that fails says why in the service's log; the dozens of warnings about classes CDS
    // cannot archive (generated accessors) do not.
    private static final List<String> QUIET = List.of("-Xlog:cds=error", "-Xlog:cds+dynamic=error");

    private final Path cacheDirectory;

    /** @param cacheDirectory where extracted jars and archives live, per service and build */
    public ClassDataSharing(Path cacheDirectory) {
        this.cacheDirectory = cacheDirectory;
    }

    /**
     * The command that runs {@code jar}: from its extracted form with the archive when one was recorded for this
     * build, else recording one.
     */
    public List<String> javaJar(String service, Path jar, List<String> jvmOptions) {
        Path builds = cacheDirectory.resolve(service);
        Path folder = builds.resolve(digestOf(jar));
        if (!Files.exists(folder.resolve(STAMP))) {
            extract(jar, folder);
        }
        forgetOldBuilds(builds, folder);
        Path extracted = folder.resolve("app").resolve(jar.getFileName());
        Path archive = folder.resolve(ARCHIVE);
        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(QUIET);
        if (Files.exists(archive)) {
            options.add("-XX:SharedArchiveFile=" + archive);
        } else {
            log.info("{}: recording its classes for faster starts (written when it stops)", service);
            options.add("-XX:ArchiveClassesAtExit=" + archive);
        }
        return ManagedProcess.Spec.javaJar(extracted, options);
    }

    /** What identifies one build of a jar on one JDK: the jar's content, not its path or time. */
    static String digestOf(Path jar) {
        try (InputStream in = Files.newInputStream(jar)) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                sha256.update(buffer, 0, read);
            }
            sha256.update((System.getProperty("java.home") + "\n" + System.getProperty("java.vm.version"))
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest()).substring(0, 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Extracts beside the folder and renames it into place, so a stack starting alongside never sees half of it. */
    private static void extract(Path jar, Path folder) {
        try {
            Files.createDirectories(folder.getParent());
            Path staging = Files.createTempDirectory(folder.getParent(), ".extracting-");
            Process extraction = new ProcessBuilder(
                            ManagedProcess.Spec.javaExecutable(),
                            "-Djarmode=tools",
                            "-jar",
                            jar.toString(),
                            "extract",
                            "--destination",
                            staging.resolve("app").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(staging.resolve("extract.log").toFile())
                    .start();
            if (!extraction.waitFor(2, TimeUnit.MINUTES) || extraction.exitValue() != 0) {
                extraction.destroyForcibly();
                throw new IllegalStateException("could not extract " + jar + ": see " + staging.resolve("extract.log"));
            }
            Files.writeString(staging.resolve(STAMP), jar.toAbsolutePath() + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException extractedAlongside) {
                Folders.deleteRecursively(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extracting " + jar, e);
        }
    }

    /**
     * Deletes builds beyond the newest few once they are a week old: a stack still running an older build keeps its
     * files, and the cache does not grow with every commit.
     */
    private static void forgetOldBuilds(Path builds, Path current) {
        try (Stream<Path> folders = Files.list(builds)) {
            List<Path> old = folders.filter(folder -> !folder.equals(current))
                    .filter(folder -> Files.exists(folder.resolve(STAMP)))
                    .sorted(Comparator.comparing(ClassDataSharing::lastUsed).reversed())
                    .skip(KEPT_BUILDS - 1)
                    .filter(folder -> lastUsed(folder).isBefore(Instant.now().minus(KEPT_FOR_AT_LEAST)))
                    .toList();
            for (Path folder : old) {
                Folders.deleteRecursively(folder);
            }
            Files.setLastModifiedTime(current.resolve(STAMP), FileTime.from(Instant.now()));
        } catch (IOException e) {
            log.warn("could not tidy the class data sharing cache {}: {}", builds, e.toString());
        }
    }

    private static Instant lastUsed(Path folder) {
        try {
            return Files.getLastModifiedTime(folder.resolve(STAMP)).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }
}
