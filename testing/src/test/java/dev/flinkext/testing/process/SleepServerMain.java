package dev.flinkext.testing.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Child-JVM main: starts {@code sleep} as a stand-in server through ManagedProcess, then waits. */
public final class SleepServerMain {

    private SleepServerMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = TempDirs.create("sleep");
        ManagedProcess sleeper =
                ManagedProcess.start(
                        "sleep",
                        List.of(Binaries.require("sleep", "coreutils").toString(), "600"),
                        dir,
                        Map.of());
        System.out.println("PID " + sleeper.pid());
        System.out.println("READY");
        Thread.sleep(Long.MAX_VALUE);
    }
}
