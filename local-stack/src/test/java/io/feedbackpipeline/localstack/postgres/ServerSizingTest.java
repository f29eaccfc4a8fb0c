package io.feedbackpipeline.localstack.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSizingTest {

    private static final long GB = 1024L * 1024 * 1024;

    @Test
    void aQuarterOfTheMemoryAndOfTheFreeDisk() {
        assertThat(ServerSizing.of(24 * GB, 40 * GB)).isEqualTo(new ServerSizing(6144, 10240));
        assertThat(ServerSizing.of(8 * GB, 20 * GB)).isEqualTo(new ServerSizing(2048, 5120));
    }

    @Test
    void withinPostgresDefaultsAndACap() {
        assertThat(ServerSizing.of(GB / 4, 2 * GB)).isEqualTo(new ServerSizing(128, 1024));
        assertThat(ServerSizing.of(256 * GB, 1024 * GB)).isEqualTo(new ServerSizing(8192, 16384));
    }

    @Test
    void readsTheDiskOfADataDirectoryNotYetCreated(@TempDir Path temporary) {
        ServerSizing sizing = ServerSizing.forThisMachine(temporary.resolve("not/yet/there"));

        assertThat(sizing.sharedBuffersMb()).isBetween(128L, 8L * 1024);
        assertThat(sizing.maxWalSizeMb()).isBetween(1024L, 16L * 1024);
    }
}
