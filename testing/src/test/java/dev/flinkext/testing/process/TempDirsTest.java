package dev.flinkext.testing.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TempDirsTest {

    @Test
    void sweepRemovesFoldersOfDeadJvmsOnly(@TempDir Path tmp) throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Path orphan = folder(tmp, "flinkext-orphan", finished.pid());
        Path live = folder(tmp, "flinkext-live", ProcessHandle.current().pid());
        Path foreign = Files.createDirectories(tmp.resolve("flinkext-redis-bin-cache"));

        TempDirs.sweepOrphans(tmp);

        assertThat(orphan).doesNotExist();
        assertThat(live).exists();
        assertThat(foreign).exists();
    }

    @Test
    void disownedFoldersOutliveTheirJvm(@TempDir Path tmp) throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Path cache = folder(tmp, "flinkext-cache", finished.pid());

        TempDirs.disown(cache);
        TempDirs.sweepOrphans(tmp);

        assertThat(cache.resolve("data")).exists();
    }

    private static Path folder(Path tmp, String name, long ownerPid) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve(".owner-pid"), Long.toString(ownerPid));
        Files.writeString(dir.resolve("data"), "x");
        return dir;
    }
}
