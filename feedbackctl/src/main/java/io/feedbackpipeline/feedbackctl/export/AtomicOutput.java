package io.feedbackpipeline.feedbackctl.export;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file that appears under its name whole or not at all: written beside the target under a hidden temporary name,
 * flushed to disk, then renamed over the target in one step. A failed or interrupted export deletes its temporary
 * file, and a killed one leaves only that hidden file, never a half-written target.
 */
final class AtomicOutput {

    private final Path target;
    private final Path partial;

    private AtomicOutput(Path target, Path partial) {
        this.target = target;
        this.partial = partial;
    }

    /** Checks the target can be written, and creates the temporary file beside it. */
    static AtomicOutput beside(Path target) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        Path directory = absolute.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new IOException("no such directory: " + directory);
        }
        if (Files.isDirectory(absolute)) {
            throw new IOException(absolute + " is a directory");
        }
        Path partial = Files.createTempFile(directory, "." + absolute.getFileName() + ".", ".partial");
        return new AtomicOutput(absolute, partial);
    }

    Path partial() {
        return partial;
    }

    Path target() {
        return target;
    }

    /** Makes the written file the target. */
    void commit() throws IOException {
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Forgets the written file; the target is as it was. */
    void abandon() {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException ignored) {
            // best effort: a hidden .partial file is all that can remain
        }
    }
}
