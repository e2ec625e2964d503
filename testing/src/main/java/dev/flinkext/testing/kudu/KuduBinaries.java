package dev.flinkext.testing.kudu;

import dev.flinkext.testing.process.TempDirs;

import org.apache.kudu.test.cluster.KuduBinaryJarExtractor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The Kudu binaries of the {@code kudu-binary} jar, extracted once per machine and version.
 *
 * <p>The jar holds ~95 MB of binaries and libraries. They go to a cache folder under {@code
 * java.io.tmpdir} that every test JVM reuses: a fresh extraction per JVM would leave 95 MB behind
 * each time a JVM is killed. Concurrent JVMs extract into private folders and rename the first
 * complete one into place.
 */
final class KuduBinaries {

    /** Written inside the kudu-binary jar by the Kudu build. */
    private static final String BINARY_PROPERTIES = "META-INF/apache-kudu-test-binary.properties";

    private static final String COMPLETE_MARKER = ".flinkext-complete";

    private static KuduBinaries instance;

    private final Path bin;
    private final Path lib;
    private final Path sasl;

    private KuduBinaries(Path home) {
        this.bin = home.resolve("bin");
        this.lib = home.resolve("lib");
        this.sasl = lib.resolve("sasl2");
    }

    /** The extracted binaries, extracting them first if no JVM on this machine did yet. */
    static synchronized KuduBinaries get() throws IOException {
        if (instance == null) {
            instance = extractOrReuse();
        }
        return instance;
    }

    /**
     * Writes a {@code kudu} launcher into {@code dir} and returns {@code dir}, the value for
     * MiniKuduCluster's {@code kuduBinDir} system property.
     *
     * <p>Run directly, the bundled {@code kudu} fails on Debian ({@code libkrb5.so.3: undefined
     * symbol: krb5int_push_fscreatecon_for}) because it mixes its own libraries with the system's;
     * {@code LD_LIBRARY_PATH} makes it load only the bundled ones. The launcher {@code exec}s, so
     * the control shell keeps the JVM's pipe on its standard input (it shuts the cluster down when
     * that pipe closes, also when the JVM is SIGKILLed). Its standard error, which carries the log
     * of every daemon of the cluster, goes to {@code log}.
     */
    Path writeLauncher(Path dir, Path log) throws IOException {
        Files.createDirectories(dir);
        Path launcher = dir.resolve("kudu");
        String script =
                "#!/bin/sh\n"
                        + "# Written by flinkext's KuduCluster: bundled libraries, log to a file.\n"
                        + "LD_LIBRARY_PATH="
                        + quote(lib)
                        + "; SASL_PATH="
                        + quote(sasl)
                        + "; export LD_LIBRARY_PATH SASL_PATH\n"
                        + "exec "
                        + quote(bin.resolve("kudu"))
                        + " \"$@\" 2>>"
                        + quote(log)
                        + "\n";
        Files.writeString(launcher, script, StandardCharsets.UTF_8);
        if (!launcher.toFile().setExecutable(true)) {
            throw new IOException("Cannot make " + launcher + " executable");
        }
        return dir;
    }

    private static KuduBinaries extractOrReuse() throws IOException {
        String prefix = artifactPrefix();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path cache = tmp.resolve("flinkext-" + prefix + "-" + System.getProperty("user.name"));
        if (isComplete(cache, prefix)) {
            return new KuduBinaries(cache.resolve(prefix));
        }
        Path scratch = TempDirs.create("kudu-extract");
        try {
            new KuduBinaryJarExtractor().extractKuduBinaryArtifact(scratch.toString());
            Files.createFile(scratch.resolve(COMPLETE_MARKER));
            // the cache outlives this JVM: without this, the first TempDirs.create of the next
            // JVM swept it as an orphan, right after that JVM had chosen to reuse it
            TempDirs.disown(scratch);
            if (Files.exists(cache)) {
                // incomplete (cleaned up by a tmp reaper, say): replace it
                TempDirs.deleteQuietly(cache);
            }
            Files.move(scratch, cache, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!isComplete(cache, prefix)) {
                throw new IOException("Cannot extract the Kudu binaries to " + cache, e);
            }
            // another JVM won the race; its copy is as good as ours
        } finally {
            TempDirs.deleteQuietly(scratch);
        }
        return new KuduBinaries(cache.resolve(prefix));
    }

    private static boolean isComplete(Path cache, String prefix) {
        return Files.exists(cache.resolve(COMPLETE_MARKER))
                && Files.isExecutable(cache.resolve(prefix).resolve("bin/kudu"));
    }

    /** The folder name inside the jar, e.g. {@code kudu-binary-1.18.1-linux-x86_64}. */
    private static String artifactPrefix() throws IOException {
        try (InputStream in =
                KuduBinaries.class.getClassLoader().getResourceAsStream(BINARY_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException(
                        "The Kudu server binaries are not on the test class path. Declare"
                                + " org.apache.kudu:kudu-binary (classifier linux-x86_64, test"
                                + " scope) next to kudu-test-utils in this module's pom.");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("artifact.prefix");
        }
    }

    private static String quote(Path path) {
        String s = path.toAbsolutePath().toString();
        if (s.contains("'")) {
            throw new IllegalArgumentException("Unsupported quote in path " + s);
        }
        return "'" + s + "'";
    }
}
