package io.feedbackpipeline.localstack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
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

    private static Path jar(Path clone, byte[] content) throws IOException {
        Files.createDirectories(clone);
        return Files.write(clone.resolve("service-exec.jar"), content);
    }
}
