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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a Spring Boot service with its third-party classes mapped from a class data sharing archive instead of
 * loaded, verified and linked again: on this 2-core machine the gateway is ready in ~6.5 s instead of ~10-12 s
 * (docs/getting-started.md).
 *
 * <p>The jar is extracted once per build ({@code -Djarmode=tools extract}: classes inside nested jars cannot be
 * archived), and its jars are split as its {@code layers.idx} splits them: the third-party ones (the
 * "dependencies" layer) go to a folder named by their content and the JDK, shared by every build that has the same
 * dependencies, and come first on the class path; this project's own jars stay with the build. The archive
 * belongs to the dependencies' folder, so a new commit starts from the archive an earlier one wrote unless it
 * changed a dependency. Archiving the project's own classes as well (a dynamic archive per build, as before) made
 * no measurable difference: 6.3-6.8 s to ready from the dependencies' archive, 6.9-7.2 s from a whole one.
 *
 * <p>A run without an archive lists the classes it loads ({@code -XX:DumpLoadedClassList}); once it is ready, a
 * background JVM at the lowest priority dumps the dependencies' classes of that list ({@link ArchiveDump}). A JVM
 * that cannot map the archive starts without it ({@code -Xshare:auto}), only slower.
 */
public final class ClassDataSharing {

    private static final Logger log = LoggerFactory.getLogger(ClassDataSharing.class);
    private static final String ARCHIVE = "classes.jsa";
    private static final String STAMP = "source.stamp";
    private static final String LAYOUT = "layout.properties";
    private static final String DEPENDENCY_CLASS_PATH = "classpath";
    /** Builds (and dependency sets) kept besides the one starting: older ones are deleted once a week has passed. */
    private static final int KEPT_BUILDS = 3;

    private static final Duration KEPT_FOR_AT_LEAST = Duration.ofDays(7);
    // Errors only: the dozens of warnings about classes CDS cannot archive (generated accessors) say nothing.
    private static final List<String> QUIET = List.of("-Xlog:cds=error");

    private final Path cacheDirectory;

    /** @param cacheDirectory where extracted jars and archives live, per service and build */
    public ClassDataSharing(Path cacheDirectory) {
        this.cacheDirectory = cacheDirectory;
    }

    /** How a service starts, and what is done once it is ready. */
    public record Launch(List<String> command, OnceReady onceReady) {

        /** Runs once the service is ready; what it returns is closed when the stack stops. */
        public interface OnceReady {
            Background run();
        }

        /** Work left running in the background, waited for a while when closed. */
        public interface Background extends AutoCloseable {
            @Override
            void close() throws InterruptedException;
        }

        /** Runs {@code command}, nothing more. */
        public static Launch of(List<String> command) {
            return new Launch(command, () -> () -> {});
        }
    }

    /**
     * How {@code jar} starts: through the class cache in {@code cacheDirectory} when there is one, else plainly with
     * {@code java -jar}.
     */
    public static Launch launch(Optional<Path> cacheDirectory, String service, Path jar, List<String> jvmOptions) {
        return cacheDirectory
                .map(cache -> new ClassDataSharing(cache).launch(service, jar, jvmOptions))
                .orElseGet(() -> Launch.of(ManagedProcess.Spec.javaJar(jar, jvmOptions)));
    }

    /**
     * Runs {@code jar} from its extracted form, its dependencies' classes mapped from their archive when one exists,
     * else listed for one written once the service is ready.
     */
    public Launch launch(String service, Path jar, List<String> jvmOptions) {
        Path builds = cacheDirectory.resolve(service);
        Path build = builds.resolve(digestOf(jar));
        Path dependencySets = cacheDirectory.resolve(service + "-dependencies");
        if (!Files.exists(build.resolve(LAYOUT))) {
            if (Files.exists(build.resolve(STAMP))) {
                forget(build); // extracted by an earlier version of this class, which kept no layout
            }
            extract(jar, build, dependencySets);
        }
        forgetOldBuilds(builds, build);
        Properties layout = properties(build.resolve(LAYOUT));
        Path dependencies = dependencySets.resolve(layout.getProperty("dependencies"));
        if (!Files.exists(dependencies.resolve(STAMP))) {
            // Tidied away while this build was not used: extracted again, its dependencies with it.
            forget(build);
            extract(jar, build, dependencySets);
            layout = properties(build.resolve(LAYOUT));
            dependencies = dependencySets.resolve(layout.getProperty("dependencies"));
        }
        forgetOldBuilds(dependencySets, dependencies);

        String dependencyClassPath = dependencyClassPath(dependencies);
        List<String> classPath = new ArrayList<>();
        if (!dependencyClassPath.isEmpty()) {
            classPath.add(dependencyClassPath); // none when the jar has no layers index: all is the build's own
        }
        for (String own : layout.getProperty("own", "").split(" ")) {
            if (!own.isBlank()) {
                classPath.add(build.resolve("app").resolve(own).toString());
            }
        }
        classPath.add(build.resolve("app").resolve(jar.getFileName()).toString());

        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(QUIET);
        Path archive = dependencies.resolve(ARCHIVE);
        ArchiveDump dump = null;
        if (Files.exists(archive)) {
            options.add("-XX:SharedArchiveFile=" + archive);
        } else {
            Path classList = dependencies.resolve(".classes-" + UUID.randomUUID() + ".lst");
            options.add("-XX:DumpLoadedClassList=" + classList);
            log.info("{}: listing the classes it loads, to archive its dependencies' once it is ready", service);
            dump = new ArchiveDump(service, classList, dependencyClassPath, archive);
        }
        List<String> command = ManagedProcess.Spec.javaMain(
                String.join(":", classPath), layout.getProperty("main-class"), options, List.of());
        ArchiveDump once = dump;
        return new Launch(command, () -> once == null ? () -> {} : once.start());
    }

    /** What identifies one build of a jar on one JDK: the jar's content, not its path or time. */
    static String digestOf(Path jar) {
        return digestOf(List.of(jar));
    }

    /** The digest of these files' names and contents, in order, and of the JDK running this code. */
    static String digestOf(List<Path> files) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (Path file : files) {
                sha256.update((file.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
                try (InputStream in = Files.newInputStream(file)) {
                    for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                        sha256.update(buffer, 0, read);
                    }
                }
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

    private static void forget(Path build) {
        try {
            Folders.deleteRecursively(build);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Extracts beside the build's folder, moves the third-party jars to their shared folder (unless an earlier build
     * put the same ones there), and renames the rest into place, so a stack starting alongside never sees half.
     */
    private static void extract(Path jar, Path build, Path dependencySets) {
        try {
            Files.createDirectories(build.getParent());
            Files.createDirectories(dependencySets);
            Path staging = Files.createTempDirectory(build.getParent(), ".extracting-");
            Path app = staging.resolve("app");
            Process extraction = new ProcessBuilder(
                            ManagedProcess.Spec.javaExecutable(),
                            "-XX:TieredStopAtLevel=1", // a second's work: C2 would only compete with it
                            "-Djarmode=tools",
                            "-jar",
                            jar.toString(),
                            "extract",
                            "--destination",
                            app.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(staging.resolve("extract.log").toFile())
                    .start();
            if (!extraction.waitFor(2, TimeUnit.MINUTES) || extraction.exitValue() != 0) {
                extraction.destroyForcibly();
                throw new IllegalStateException("could not extract " + jar + ": see " + staging.resolve("extract.log"));
            }
            Manifest manifest;
            try (JarFile extracted = new JarFile(app.resolve(jar.getFileName()).toFile())) {
                manifest = extracted.getManifest();
            }
            Set<String> thirdParty = dependencyLayer(jar);
            List<String> classPathEntries = List.of(
                    manifest.getMainAttributes().getValue("Class-Path").trim().split("\\s+"));
            List<Path> dependencyJars = classPathEntries.stream()
                    .filter(entry ->
                            thirdParty.contains(Path.of(entry).getFileName().toString()))
                    .map(app::resolve)
                    .toList();
            String own = classPathEntries.stream()
                    .filter(entry ->
                            !thirdParty.contains(Path.of(entry).getFileName().toString()))
                    .collect(Collectors.joining(" "));
            String dependencies = digestOf(dependencyJars);
            shareDependencies(dependencyJars, dependencySets.resolve(dependencies));

            Properties layout = new Properties();
            layout.setProperty("main-class", manifest.getMainAttributes().getValue("Main-Class"));
            layout.setProperty("dependencies", dependencies);
            layout.setProperty("own", own);
            try (var out = Files.newOutputStream(staging.resolve(LAYOUT))) {
                layout.store(out, "written by ClassDataSharing for " + jar.toAbsolutePath());
            }
            Files.writeString(staging.resolve(STAMP), jar.toAbsolutePath() + "\n", StandardCharsets.UTF_8);
            renameIntoPlace(staging, build);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while extracting " + jar, e);
        }
    }

    /** Moves the jars into the dependencies' folder, or deletes them when an earlier build already shared them. */
    private static void shareDependencies(List<Path> jars, Path folder) throws IOException {
        if (Files.exists(folder.resolve(STAMP))) {
            for (Path jar : jars) {
                Files.delete(jar);
            }
            return;
        }
        Path staging = Files.createTempDirectory(folder.getParent(), ".sharing-");
        Path lib = Files.createDirectories(staging.resolve("lib"));
        List<String> names = new ArrayList<>();
        for (Path jar : jars) {
            Files.move(jar, lib.resolve(jar.getFileName()));
            names.add(jar.getFileName().toString());
        }
        Files.write(staging.resolve(DEPENDENCY_CLASS_PATH), names, StandardCharsets.UTF_8);
        Files.writeString(staging.resolve(STAMP), "dependencies\n", StandardCharsets.UTF_8);
        renameIntoPlace(staging, folder);
    }

    /** The jars of the "dependencies" layer of a Spring Boot jar's {@code BOOT-INF/layers.idx}, by file name. */
    static Set<String> dependencyLayer(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var index = zip.getEntry("BOOT-INF/layers.idx");
            if (index == null) {
                return Set.of();
            }
            Set<String> names = new LinkedHashSet<>();
            String layer = "";
            for (String line :
                    new String(zip.getInputStream(index).readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("- ")) {
                    layer = line.substring(2).replace("\"", "").replace(":", "").trim();
                } else if (layer.equals("dependencies") && line.trim().startsWith("- ")) {
                    String entry = line.trim().substring(2).replace("\"", "");
                    names.add(entry.substring(entry.lastIndexOf('/') + 1));
                }
            }
            return names;
        }
    }

    private static String dependencyClassPath(Path dependencies) {
        try {
            return Files.readAllLines(dependencies.resolve(DEPENDENCY_CLASS_PATH), StandardCharsets.UTF_8).stream()
                    .filter(name -> !name.isBlank())
                    .map(name -> dependencies.resolve("lib").resolve(name).toString())
                    .collect(Collectors.joining(":"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void renameIntoPlace(Path staging, Path folder) throws IOException {
        try {
            Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException preparedAlongside) {
            Folders.deleteRecursively(staging);
        }
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(file)) {
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes folders beyond the newest few once they are a week old: a stack still running an older build keeps its
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
