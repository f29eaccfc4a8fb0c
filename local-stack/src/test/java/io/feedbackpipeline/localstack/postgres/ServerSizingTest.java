package io.feedbackpipeline.localstack.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSizingTest {

    private static final long GB = 1024L * 1024 * 1024;

    @Test
    void aQuarterOfTheMemoryAndOfTheFreeDisk() {
        assertThat(ServerSizing.of(24 * GB, 40 * GB)).isEqualTo(new ServerSizing("6144MB", "10240MB"));
        assertThat(ServerSizing.of(8 * GB, 20 * GB)).isEqualTo(new ServerSizing("2048MB", "5120MB"));
    }

    @Test
    void withinPostgresDefaultsAndACap() {
        assertThat(ServerSizing.of(GB / 4, 2 * GB)).isEqualTo(new ServerSizing("128MB", "1024MB"));
        assertThat(ServerSizing.of(256 * GB, 1024 * GB)).isEqualTo(new ServerSizing("8192MB", "16384MB"));
    }

    @Test
    void readsTheDiskOfADataDirectoryNotYetCreated(@TempDir Path temporary) {
        ServerSizing sizing = ServerSizing.forThisMachine(temporary.resolve("not/yet/there"));

        assertThat(sizing.sharedBuffers()).endsWith("MB");
        assertThat(Long.parseLong(sizing.maxWalSize().replace("MB", ""))).isBetween(1024L, 16L * 1024);
    }
}
