package io.feedbackpipeline.localstack.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded server's memory and checkpoint spacing, from the machine it runs on. The projection's key index takes
 * random inserts (usage ids are random): once it outgrows {@code shared_buffers} nearly every new register reads a
 * leaf in and writes another out, and once checkpoints come often, the first change of each leaf after one logs the
 * whole page. Growth benchmark, new registers/s at 50 M against the first million (docs/benchmarks.md, "Growth"):
 * 0.37 with 1 GB of buffers and a 4 GB {@code max_wal_size}, 0.55 with 6 GB of buffers, 0.74 with 6 GB and 16 GB,
 * 0.77 with this sizing (6,026 MB and 14,743 MB on a 24 GB machine with 58 GB free).
 *
 * @param sharedBuffersMb a quarter of the memory, PostgreSQL's own advice for a dedicated server, within 128 MB (its
 *     default) and 8 GB; the server maps it at start but touches only the pages it uses, so a small database costs
 *     no more memory than before
 * @param maxWalSizeMb a quarter of the disk free for the data directory, within 1 GB (PostgreSQL's default) and 16 GB:
 *     the WAL a busy server keeps between checkpoints, and so what a restart after a crash replays
 */
public record ServerSizing(long sharedBuffersMb, long maxWalSizeMb) {

    private static final long MB = 1024 * 1024;

    /** For a machine (or container) with {@code memoryBytes} of memory and {@code freeDiskBytes} for the data. */
    public static ServerSizing of(long memoryBytes, long freeDiskBytes) {
        return new ServerSizing(
                quarterWithin(memoryBytes, 128, 8 * 1024), quarterWithin(freeDiskBytes, 1024, 16 * 1024));
    }

    /** For this machine: its memory as the JVM sees it (a container's limit inside one), the disk under {@code data}. */
    public static ServerSizing forThisMachine(Path data) {
        try {
            Path existing = data.toAbsolutePath();
            while (!Files.exists(existing)) {
                existing = existing.getParent();
            }
            long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getTotalMemorySize();
            return of(memory, Files.getFileStore(existing).getUsableSpace());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the free disk under " + data, e);
        }
    }

    private static long quarterWithin(long bytes, long minimumMb, long maximumMb) {
        return Math.max(minimumMb, Math.min(maximumMb, bytes / 4 / MB));
    }
}
