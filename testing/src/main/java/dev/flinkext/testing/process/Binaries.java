package dev.flinkext.testing.process;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds server binaries on this machine, or says which package installs them. */
public final class Binaries {

    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/usr/bin", "/sbin");

    private Binaries() {}

    /** The executable {@code command} on PATH (or in /usr/sbin, /usr/bin), if any. */
    public static Optional<Path> find(String command) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(File.pathSeparator)));
        }
        dirs.addAll(EXTRA_DIRS);
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The executable {@code command}, or an error that names the Debian package installing it. */
    public static Path require(String command, String debianPackage) {
        return find(command)
                .orElseThrow(
                        () ->
                                new IllegalStateException(
                                        "'"
                                                + command
                                                + "' is not installed; this test needs it. Install"
                                                + " it with: apt-get install -y "
                                                + debianPackage
                                                + " (.ci/run does this on CI)"));
    }
}
