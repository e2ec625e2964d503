package dev.flinkext.testing.clickhouse.chdb;

import dev.flinkext.testing.process.Binaries;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Finds {@code libchdb.so}, the ClickHouse engine of the npm package {@code chdb} ({@value
 * #CHDB_VERSION}, ClickHouse 26.7), installing it into a per-user cache when it is missing.
 *
 * <p>Where the library comes from, in order:
 *
 * <ol>
 *   <li>the system property {@value #PROPERTY} or the environment variable {@value #ENV}: the path
 *       of a {@code libchdb.so} (nothing is installed);
 *   <li>the cache folder {@code ~/.cache/flinkext/chdb-3.4.0/} (another root with the system
 *       property {@value #CACHE_PROPERTY} or {@value #CACHE_ENV}), filled on first use by {@code
 *       npm install --ignore-scripts --no-audit --no-fund chdb@3.4.0} run in that folder (about 190
 *       MB download, 550 MB on disk; 16–20 s here). A file lock keeps parallel test JVMs from
 *       installing twice; a marker file written after a successful install tells a complete cache
 *       from an interrupted one. {@code .ci/run} fills the same folder before the test suite.
 * </ol>
 */
public final class ChdbLibrary {

    private static final Logger LOG = LoggerFactory.getLogger(ChdbLibrary.class);

    /** The npm package version; its {@code @chdb/lib-linux-x64-gnu} is ClickHouse 26.7. */
    public static final String CHDB_VERSION = "3.4.0";

    /** System property naming a {@code libchdb.so} to use instead of the cache. */
    public static final String PROPERTY = "flinkext.chdb.library";

    /** Environment variable naming a {@code libchdb.so} to use instead of the cache. */
    public static final String ENV = "FLINKEXT_CHDB_LIBRARY";

    /** System property naming the cache root (default {@code ~/.cache/flinkext}). */
    public static final String CACHE_PROPERTY = "flinkext.cache.dir";

    /** Environment variable naming the cache root (default {@code ~/.cache/flinkext}). */
    public static final String CACHE_ENV = "FLINKEXT_CACHE_DIR";

    /** Written into the cache folder once npm succeeded; {@code .ci/run} writes it too. */
    static final String MARKER = ".flinkext-installed";

    static final String LIBRARY_IN_CACHE = "node_modules/@chdb/lib-linux-x64-gnu/libchdb.so";
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(15);
    private static final int OUTPUT_TAIL = 4000;

    private ChdbLibrary() {}

    /**
     * The path of {@code libchdb.so}: the override if one is set, else the cache, installed first
     * if needed.
     *
     * @throws IllegalStateException when the override names a missing file, the platform is not
     *     linux x86-64, npm is missing or npm fails (with npm's output)
     */
    public static Path locate() {
        Optional<Path> override = override();
        if (override.isPresent()) {
            Path lib = override.get();
            if (!Files.isRegularFile(lib)) {
                throw new IllegalStateException(
                        "libchdb.so not found at "
                                + lib
                                + " (set by -D"
                                + PROPERTY
                                + " or $"
                                + ENV
                                + ")");
            }
            return lib;
        }
        checkPlatform();
        return ensureInstalled(cacheDir(), ChdbLibrary::npm);
    }

    /** The override from {@value #PROPERTY} or {@value #ENV}, if set. */
    static Optional<Path> override() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(ENV);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value));
    }

    /** The cache folder of this chdb version, e.g. {@code ~/.cache/flinkext/chdb-3.4.0}. */
    public static Path cacheDir() {
        String root = System.getProperty(CACHE_PROPERTY);
        if (root == null || root.isBlank()) {
            root = System.getenv(CACHE_ENV);
        }
        Path base =
                root == null || root.isBlank()
                        ? Path.of(System.getProperty("user.home"), ".cache", "flinkext")
                        : Path.of(root);
        return base.resolve("chdb-" + CHDB_VERSION);
    }

    private static void checkPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException(
                    "chdb's npm package has a library for linux x86-64 only; this is "
                            + os
                            + " "
                            + arch
                            + ". Point -D"
                            + PROPERTY
                            + " at a libchdb.so for this platform.");
        }
    }

    /**
     * The library in {@code dir}, installing it there first when the marker is missing. Holds an
     * exclusive lock on {@code dir/.lock} while it checks and installs, so that parallel JVMs wait
     * for one install instead of racing.
     */
    static synchronized Path ensureInstalled(Path dir, Supplier<Path> npm) {
        Path lib = dir.resolve(LIBRARY_IN_CACHE);
        if (isInstalled(dir)) {
            return lib;
        }
        try {
            Files.createDirectories(dir);
            try (FileChannel channel =
                            FileChannel.open(
                                    dir.resolve(".lock"),
                                    StandardOpenOption.CREATE,
                                    StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                if (isInstalled(dir)) {
                    return lib; // another JVM installed it while we waited
                }
                Files.deleteIfExists(dir.resolve(MARKER));
                install(dir, npm.get());
                if (!Files.isRegularFile(lib)) {
                    throw new IllegalStateException(
                            "npm install chdb@"
                                    + CHDB_VERSION
                                    + " in "
                                    + dir
                                    + " succeeded but left no "
                                    + LIBRARY_IN_CACHE
                                    + " (not linux x86-64 glibc?)");
                }
                Files.writeString(dir.resolve(MARKER), CHDB_VERSION + "\n");
                return lib;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install chdb into " + dir, e);
        }
    }

    static boolean isInstalled(Path dir) {
        return Files.isRegularFile(dir.resolve(MARKER))
                && Files.isRegularFile(dir.resolve(LIBRARY_IN_CACHE));
    }

    private static Path npm() {
        return Binaries.find("npm")
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "chdb (a modern ClickHouse engine for tests) is"
                                                + " installed with npm, and npm is not on"
                                                + " PATH. Install it (apt-get install -y"
                                                + " npm; .ci/run does this), or point -D"
                                                + PROPERTY
                                                + " / $"
                                                + ENV
                                                + " at a libchdb.so."));
    }

    private static void install(Path dir, Path npm) throws IOException {
        List<String> command =
                List.of(
                        npm.toString(),
                        "install",
                        "--ignore-scripts",
                        "--no-audit",
                        "--no-fund",
                        "chdb@" + CHDB_VERSION);
        // npm installs into the nearest parent folder holding a package.json or node_modules:
        // a package.json here pins the install to this folder.
        Files.writeString(
                dir.resolve("package.json"),
                "{\"name\": \"flinkext-chdb-cache\", \"private\": true}\n");
        LOG.info("Installing chdb {} into {} ({})", CHDB_VERSION, dir, String.join(" ", command));
        long start = System.nanoTime();
        Process process =
                new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader =
                new Thread(
                        () -> {
                            try (InputStream in = process.getInputStream()) {
                                in.transferTo(output);
                            } catch (IOException ignored) {
                                // the process is gone
                            }
                        },
                        "npm-output");
        reader.setDaemon(true);
        reader.start();
        boolean finished;
        try {
            finished = process.waitFor(NPM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing chdb into " + dir, e);
        }
        String text = tail(output.toString(StandardCharsets.UTF_8));
        if (!finished) {
            throw new IllegalStateException(
                    String.join(" ", command)
                            + " in "
                            + dir
                            + " did not finish within "
                            + NPM_TIMEOUT.toMinutes()
                            + " min; its output:\n"
                            + text);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command)
                            + " in "
                            + dir
                            + " failed with exit code "
                            + process.exitValue()
                            + "; its output:\n"
                            + text);
        }
        LOG.info(
                "Installed chdb {} in {} s: {}",
                CHDB_VERSION,
                Duration.ofNanos(System.nanoTime() - start).toSeconds(),
                text.strip());
    }

    private static String tail(String text) {
        return text.length() <= OUTPUT_TAIL
                ? text
                : "..." + text.substring(text.length() - OUTPUT_TAIL);
    }
}
