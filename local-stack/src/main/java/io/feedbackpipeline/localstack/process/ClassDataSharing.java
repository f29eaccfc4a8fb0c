package io.feedbackpipeline.localstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
 * belongs to one build of the jar and one JDK: either changing starts a new recording. A JVM that cannot map the
 * archive (it does not fit, the JDK changed under it) starts without it ({@code -Xshare:auto}), only slower.
 */
public final class ClassDataSharing {

    private static final Logger log = LoggerFactory.getLogger(ClassDataSharing.class);
    private static final String ARCHIVE = "classes.jsa";
    private static final String STAMP = "source.stamp";
    // Errors only: a recording that fails says why in the service's log; the dozens of warnings about classes CDS
    // cannot archive (generated accessors) do not.
    private static final List<String> QUIET = List.of("-Xlog:cds=error", "-Xlog:cds+dynamic=error");

    private final Path cacheDirectory;

    /** @param cacheDirectory where extracted jars and archives live, one folder per service */
    public ClassDataSharing(Path cacheDirectory) {
        this.cacheDirectory = cacheDirectory;
    }

    /**
     * The command that runs {@code jar}: from its extracted form with the archive when one was recorded for this
     * build, else recording one.
     */
    public List<String> javaJar(String service, Path jar, List<String> jvmOptions) {
        Path folder = cacheDirectory.resolve(service);
        String stamp = stampOf(jar);
        Path extracted = folder.resolve("app").resolve(jar.getFileName());
        Path archive = folder.resolve(ARCHIVE);
        if (!stamp.equals(readStamp(folder)) || !Files.exists(extracted)) {
            extract(jar, folder, stamp);
        }
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

    /** What identifies one build of a jar on one JDK. */
    private static String stampOf(Path jar) {
        try {
            return String.join(
                    "\n",
                    jar.toAbsolutePath().toString(),
                    Long.toString(Files.size(jar)),
                    Long.toString(Files.getLastModifiedTime(jar).toMillis()),
                    System.getProperty("java.home"),
                    System.getProperty("java.vm.version"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readStamp(Path folder) {
        try {
            Path stamp = folder.resolve(STAMP);
            return Files.exists(stamp) ? Files.readString(stamp, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void extract(Path jar, Path folder, String stamp) {
        try {
            deleteRecursively(folder);
            Files.createDirectories(folder);
            Process extraction = new ProcessBuilder(
                            ManagedProcess.Spec.javaExecutable(),
                            "-Djarmode=tools",
                            "-jar",
                            jar.toString(),
                            "extract",
                            "--destination",
                            folder.resolve("app").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(folder.resolve("extract.log").toFile())
                    .start();
            if (!extraction.waitFor(2, TimeUnit.MINUTES) || extraction.exitValue() != 0) {
                extraction.destroyForcibly();
                throw new IllegalStateException("could not extract " + jar + ": see " + folder.resolve("extract.log"));
            }
            // Written last: a half-done extraction has no stamp and is done again.
            Files.writeString(folder.resolve(STAMP), stamp, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extracting " + jar, e);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
