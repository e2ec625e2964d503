package dev.flinkext.testing.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Scratch folders for servers' data, removed when the server stops.
 *
 * <p>Each folder records the pid of the JVM that made it. A JVM killed with SIGKILL cannot delete
 * its folders, so the first {@link #create} of every JVM removes the folders whose owner is gone.
 */
public final class TempDirs {

    private static final String PREFIX = "flinkext-";
    private static final String OWNER_FILE = ".owner-pid";
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    private TempDirs() {}

    public static Path create(String prefix) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        if (SWEPT.compareAndSet(false, true)) {
            sweepOrphans(tmp);
        }
        try {
            Path dir = Files.createTempDirectory(tmp, PREFIX + prefix + "-");
            Files.writeString(
                    dir.resolve(OWNER_FILE),
                    Long.toString(ProcessHandle.current().pid()),
                    StandardCharsets.US_ASCII);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temp folder for " + prefix, e);
        }
    }

    /**
     * Makes a folder from {@link #create} outlive this JVM (a cache shared by later JVMs): without
     * its owner's pid, no sweep removes it.
     */
    public static void disown(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(OWNER_FILE));
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

    /** Removes folders left by JVMs that died without cleaning up (SIGKILL, OOM kill). */
    static void sweepOrphans(Path tmp) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path dir : dirs) {
                Path owner = dir.resolve(OWNER_FILE);
                if (!Files.isRegularFile(owner)) {
                    continue; // not made by TempDirs (e.g. a shared binary cache): leave it
                }
                try {
                    long pid = Long.parseLong(Files.readString(owner).trim());
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                } catch (IOException | NumberFormatException e) {
                    continue;
                }
                deleteQuietly(dir);
            }
        } catch (IOException ignored) {
            // best effort: a sweep must never fail a test
        }
    }
}
