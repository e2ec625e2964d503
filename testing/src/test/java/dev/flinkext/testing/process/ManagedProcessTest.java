package dev.flinkext.testing.process;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManagedProcessTest {

    private static final Path DIR = TempDirs.create("managed-process-test");

    @AfterAll
    static void cleanUp() {
        TempDirs.deleteQuietly(DIR);
    }

    @Test
    void closeStopsTheServer() throws Exception {
        ManagedProcess sleeper = startSleep("sleep-close");
        assertThat(sleeper.isAlive()).isTrue();

        sleeper.close();

        ProcessGone.await(List.of(sleeper.pid()), Duration.ofSeconds(30));
    }

    @Test
    void serverDiesWhenItsJvmIsKilledWithSigkill() throws Exception {
        try (ChildJvm child = ChildJvm.start(SleepServerMain.class)) {
            List<Long> pids = child.awaitServerPids(Duration.ofSeconds(60));
            assertThat(pids).hasSize(1);
            assertThat(ProcessHandle.of(pids.get(0)).map(ProcessHandle::isAlive)).contains(true);

            child.killHard();

            ProcessGone.await(pids, Duration.ofSeconds(30));
        }
    }

    @Test
    void serverOutputGoesToItsLog() throws Exception {
        ManagedProcess echo =
                ManagedProcess.start(
                        "echo",
                        List.of(Binaries.require("sh", "dash").toString(), "-c", "echo hello-log"),
                        DIR,
                        Map.of());
        Poll.until(
                "echo's output in its log",
                Duration.ofSeconds(30),
                () -> {},
                () -> echo.logTail(5).contains("hello-log"));
        echo.close();
    }

    @Test
    void missingBinaryNamesThePackage() {
        assertThatThrownBy(() -> Binaries.require("no-such-server-xyz", "no-such-package"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such-server-xyz")
                .hasMessageContaining("apt-get install -y no-such-package");
    }

    @Test
    void deadServerFailsReadinessWithItsLog() throws Exception {
        ManagedProcess failing =
                ManagedProcess.start(
                        "failing",
                        List.of(
                                Binaries.require("sh", "dash").toString(),
                                "-c",
                                "echo boom-reason; exit 3"),
                        DIR,
                        Map.of());
        try {
            assertThatThrownBy(
                            () ->
                                    Poll.until(
                                            "a server that never comes up",
                                            Duration.ofSeconds(30),
                                            failing::checkAlive,
                                            () -> false))
                    .hasMessageContaining("exited during start-up")
                    .hasMessageContaining("boom-reason");
        } finally {
            failing.close();
        }
    }

    private static ManagedProcess startSleep(String name) throws Exception {
        return ManagedProcess.start(
                name,
                List.of(Binaries.require("sleep", "coreutils").toString(), "600"),
                DIR,
                Map.of());
    }
}
