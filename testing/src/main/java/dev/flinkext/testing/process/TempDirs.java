package dev.flinkext.testing.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch folders for servers' data, removed when the server stops. */
public final class TempDirs {

    private TempDirs() {}

    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory("flinkext-" + prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temp folder for " + prefix, e);
        }
    }

    /** Deletes {@code dir} and everything below it; best effort. */
    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.deleteIfExists(p);
                                } catch (IOException ignored) {
                                    // a server may still hold a file; the OS cleans /tmp
                                }
                            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
