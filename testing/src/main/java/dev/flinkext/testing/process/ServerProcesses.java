package dev.flinkext.testing.process;

/**
 * A running test server made of OS processes (not in-JVM). Its pids let tests prove that nothing
 * outlives the test JVM, and close() stops every one of them.
 */
public interface ServerProcesses extends AutoCloseable {

    /** The pids of the server's own processes (not of their watchdogs), all alive while running. */
    java.util.List<Long> pids();
}
