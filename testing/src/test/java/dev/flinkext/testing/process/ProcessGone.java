package dev.flinkext.testing.process;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Waits (bounded) until none of the given processes is alive, else fails naming the survivors. */
final class ProcessGone {

    private ProcessGone() {}

    static void await(List<Long> pids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Long> alive = alive(pids);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            alive = alive(pids);
        }
        if (!alive.isEmpty()) {
            throw new AssertionError(
                    "Server processes outlived their JVM: "
                            + alive.stream()
                                    .map(pid -> pid + " " + commandLine(pid))
                                    .collect(Collectors.joining(", ")));
        }
    }

    private static List<Long> alive(List<Long> pids) {
        return pids.stream()
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .collect(Collectors.toList());
    }

    private static String commandLine(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(handle -> handle.info().commandLine())
                .orElse("(unknown)");
    }
}
