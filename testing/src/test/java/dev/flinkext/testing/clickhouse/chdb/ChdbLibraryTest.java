package dev.flinkext.testing.clickhouse.chdb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cache logic of {@link ChdbLibrary}, with a fake npm (the real one is used by the engine). */
class ChdbLibraryTest {

    @TempDir Path tmp;

    @Test
    void installsOnceAndThenUsesTheCache() throws Exception {
        Path npm = fakeNpm("sleep 0");
        Path dir = tmp.resolve("chdb-3.4.0");

        Path lib = ChdbLibrary.ensureInstalled(dir, () -> npm);
        Path again = ChdbLibrary.ensureInstalled(dir, () -> npm);

        assertThat(lib).isEqualTo(dir.resolve(ChdbLibrary.LIBRARY_IN_CACHE)).isRegularFile();
        assertThat(again).isEqualTo(lib);
        assertThat(calls()).hasSize(1);
        assertThat(dir.resolve(ChdbLibrary.MARKER)).isRegularFile();
        // the package.json pins npm to this folder; the arguments are the documented ones
        assertThat(dir.resolve("package.json")).isRegularFile();
        assertThat(calls().get(0))
                .isEqualTo("install --ignore-scripts --no-audit --no-fund chdb@3.4.0");
    }

    @Test
    void anInterruptedInstallIsRedone() throws Exception {
        Path npm = fakeNpm("sleep 0");
        Path dir = tmp.resolve("chdb-3.4.0");
        // a library without the marker: npm was killed half-way
        Path lib = dir.resolve(ChdbLibrary.LIBRARY_IN_CACHE);
        Files.createDirectories(lib.getParent());
        Files.writeString(lib, "half");

        ChdbLibrary.ensureInstalled(dir, () -> npm);

        assertThat(calls()).hasSize(1);
        assertThat(dir.resolve(ChdbLibrary.MARKER)).isRegularFile();
    }

    @Test
    void parallelJvmsInstallOnce() throws Exception {
        Path npm = fakeNpm("sleep 1");
        Path dir = tmp.resolve("chdb-3.4.0");
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(
                    new ProcessBuilder(
                                    Path.of(System.getProperty("java.home"), "bin", "java")
                                            .toString(),
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    InstallMain.class.getName(),
                                    dir.toString(),
                                    npm.toString())
                            .redirectErrorStream(true)
                            .start());
        }
        for (Process child : children) {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String output =
                    new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.exitValue()).as(output).isZero();
            assertThat(output).contains(dir.resolve(ChdbLibrary.LIBRARY_IN_CACHE).toString());
        }
        assertThat(calls()).hasSize(1);
    }

    @Test
    void aFailingNpmIsReportedWithItsOutput() throws Exception {
        Path npm =
                fakeNpm("echo 'npm error code E404'; echo 'npm error 404 Not Found' >&2; exit 1");
        Path dir = tmp.resolve("chdb-3.4.0");

        assertThatThrownBy(() -> ChdbLibrary.ensureInstalled(dir, () -> npm))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chdb@3.4.0")
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("exit code 1")
                .hasMessageContaining("npm error code E404")
                .hasMessageContaining("npm error 404 Not Found");
        assertThat(dir.resolve(ChdbLibrary.MARKER)).doesNotExist();
    }

    @Test
    void anOverrideMustNameAnExistingFile() {
        String before = System.getProperty(ChdbLibrary.PROPERTY);
        System.setProperty(ChdbLibrary.PROPERTY, tmp.resolve("nope.so").toString());
        try {
            assertThatThrownBy(ChdbLibrary::locate)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("nope.so")
                    .hasMessageContaining(ChdbLibrary.PROPERTY);
        } finally {
            if (before == null) {
                System.clearProperty(ChdbLibrary.PROPERTY);
            } else {
                System.setProperty(ChdbLibrary.PROPERTY, before);
            }
        }
    }

    @Test
    void theCacheFolderIsVersioned() {
        assertThat(ChdbLibrary.cacheDir().getFileName().toString()).isEqualTo("chdb-3.4.0");
    }

    /** A shell script standing in for npm: records its arguments, then {@code body}. */
    private Path fakeNpm(String body) throws IOException {
        Path npm = tmp.resolve("npm");
        Files.writeString(
                npm,
                "#!/bin/sh\n"
                        + "echo \"$*\" >> '"
                        + tmp.resolve("npm-calls")
                        + "'\n"
                        + body
                        + "\n"
                        + "mkdir -p node_modules/@chdb/lib-linux-x64-gnu\n"
                        + "echo lib > node_modules/@chdb/lib-linux-x64-gnu/libchdb.so\n"
                        + "echo 'added 5 packages'\n");
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        return npm;
    }

    private List<String> calls() throws IOException {
        Path calls = tmp.resolve("npm-calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    /** One JVM installing into a folder: {@code InstallMain DIR NPM}. */
    public static final class InstallMain {
        public static void main(String[] args) {
            Path npm = Path.of(args[1]);
            System.out.println(ChdbLibrary.ensureInstalled(Path.of(args[0]), () -> npm));
        }
    }
}
