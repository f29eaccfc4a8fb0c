package io.feedbackpipeline.localstack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataSharingTest {

    @Test
    @DisplayName(
            "a build is known by its bytes: the same jar in another clone, built at another time, is the same build")
    void buildsAreKnownByContent(@TempDir Path clones) throws IOException {
        Path first = jar(clones.resolve("first"), new byte[] {1, 2, 3});
        Path second = jar(clones.resolve("second"), new byte[] {1, 2, 3});
        Files.setLastModifiedTime(second, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Path changed = jar(clones.resolve("changed"), new byte[] {1, 2, 4});

        assertThat(ClassDataSharing.digestOf(second)).isEqualTo(ClassDataSharing.digestOf(first));
        assertThat(ClassDataSharing.digestOf(changed)).isNotEqualTo(ClassDataSharing.digestOf(first));
    }

    @Test
    @DisplayName("the archived jars are the third-party ones of the jar's layers index, the project's own are not")
    void dependenciesAreTheDependencyLayer(@TempDir Path folder) throws IOException {
        Path jar = folder.resolve("service-exec.jar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new ZipEntry("BOOT-INF/layers.idx"));
            zip.write("""
                    - "dependencies":
                      - "BOOT-INF/lib/HikariCP-7.0.2.jar"
                      - "BOOT-INF/lib/avro-1.12.2.jar"
                    - "spring-boot-loader":
                      - "org/"
                    - "snapshot-dependencies":
                    - "application":
                      - "BOOT-INF/classes/"
                      - "BOOT-INF/lib/catalog-0.1.0-SNAPSHOT.jar"
                    """.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }

        assertThat(ClassDataSharing.dependencyLayer(jar)).containsExactly("HikariCP-7.0.2.jar", "avro-1.12.2.jar");
    }

    @Test
    @DisplayName("a set of dependencies is known by the names and bytes of its jars, in class path order")
    void dependencySetsAreKnownByNamesAndContent(@TempDir Path folder) throws IOException {
        Path a = Files.write(folder.resolve("a.jar"), new byte[] {1});
        Path b = Files.write(folder.resolve("b.jar"), new byte[] {2});
        Path renamed = Files.write(folder.resolve("c.jar"), new byte[] {2});

        assertThat(ClassDataSharing.digestOf(List.of(a, b))).isEqualTo(ClassDataSharing.digestOf(List.of(a, b)));
        assertThat(ClassDataSharing.digestOf(List.of(b, a))).isNotEqualTo(ClassDataSharing.digestOf(List.of(a, b)));
        assertThat(ClassDataSharing.digestOf(List.of(a, renamed)))
                .isNotEqualTo(ClassDataSharing.digestOf(List.of(a, b)));
    }

    private static Path jar(Path clone, byte[] content) throws IOException {
        Files.createDirectories(clone);
        return Files.write(clone.resolve("service-exec.jar"), content);
    }
}
