package dev.flinkext.testing.redis;

import dev.flinkext.testing.process.Binaries;
import dev.flinkext.testing.process.TempDirs;

import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Which {@code redis-server} executable a test server runs. */
public enum RedisBinary {
    /** Redis 6.2 shipped inside the {@code embedded-redis} jar: needs nothing installed. */
    EMBEDDED("redis-server 6.2 from the embedded-redis jar") {
        @Override
        Path path() {
            return EmbeddedBinary.path();
        }
    },
    /** The machine's {@code redis-server} (Debian bookworm: Redis 7.0). */
    SYSTEM("the system's redis-server") {
        @Override
        Path path() {
            return Binaries.require("redis-server", "redis-server");
        }
    };

    private final String description;

    RedisBinary(String description) {
        this.description = description;
    }

    /** The executable; extracted or looked up on first use. */
    abstract Path path();

    @Override
    public String toString() {
        return description;
    }

    /**
     * Extracts the jar's binary once into a folder shared by every JVM on the machine: the file is
     * written under a scratch name and renamed, so a reader never sees a partial binary, and a
     * SIGKILLed JVM leaves no 10 MB copy behind per run.
     */
    private static final class EmbeddedBinary {
        private static Path path;

        static synchronized Path path() {
            if (path == null) {
                path = extract();
            }
            return path;
        }

        private static Path extract() {
            OsArchitecture platform = OsArchitecture.detectOSandArchitecture();
            String resource = ExecutableProvider.newProvidedVersionsMap().get(platform);
            if (resource == null) {
                throw new IllegalStateException(
                        "embedded-redis ships no redis-server for "
                                + platform.os
                                + "/"
                                + platform.arch
                                + "; use RedisBinary.SYSTEM (apt-get install -y redis-server)");
            }
            String user = System.getProperty("user.name", "user");
            Path cache =
                    Path.of(System.getProperty("java.io.tmpdir"), "flinkext-redis-bin-" + user);
            Path target = cache.resolve(Path.of(resource).getFileName().toString());
            if (Files.isExecutable(target)) {
                return target;
            }
            Path scratch = null;
            try {
                Files.createDirectories(cache);
                scratch = Files.createTempDirectory(cache, "extract-");
                File extracted = ExecutableProvider.newJarResourceProvider(scratch.toFile()).get();
                Files.move(extracted.toPath(), target, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "Cannot extract the embedded redis-server " + resource + " to " + cache, e);
            } finally {
                if (scratch != null) {
                    TempDirs.deleteQuietly(scratch);
                }
            }
        }
    }
}
