package dev.flinkext.testing.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A server started as a child process that cannot outlive the test JVM.
 *
 * <p>The server runs under a small {@code sh} watchdog that holds the JVM's pipe on its standard
 * input. When the pipe closes, because {@link #close()} closed it or because the JVM died (even by
 * SIGKILL, when no shutdown hook runs), the watchdog sends SIGTERM to the server, then SIGKILL if
 * it is still alive after a grace period. The server's output goes to a log file whose tail is
 * quoted in start-up errors.
 */
public final class ManagedProcess implements AutoCloseable {

    private static final String WATCHDOG =
            "\"$@\" >>\"$FLINKEXT_LOG\" 2>&1 </dev/null & p=$!; echo $p; "
                    + "cat >/dev/null; kill $p 2>/dev/null; "
                    + "( sleep \"$FLINKEXT_GRACE\"; kill -9 $p 2>/dev/null ) & k=$!; "
                    + "wait $p; kill $k 2>/dev/null; exit 0";

    private static final Duration GRACE = Duration.ofSeconds(10);

    private final String name;
    private final Process watchdog;
    private final OutputStream lifeline;
    private final long pid;
    private final Path log;
    private final Duration grace;

    private ManagedProcess(String name, Process watchdog, long pid, Path log, Duration grace) {
        this.name = name;
        this.watchdog = watchdog;
        this.lifeline = watchdog.getOutputStream();
        this.pid = pid;
        this.log = log;
        this.grace = grace;
    }

    /**
     * Starts {@code command} (an absolute binary path and its arguments) under the watchdog.
     *
     * @param name a short name used in errors and in the log file name
     * @param workDir the working directory, also where the log file goes
     * @param env extra environment variables for the server
     */
    public static ManagedProcess start(
            String name, List<String> command, Path workDir, Map<String, String> env)
            throws IOException {
        return start(name, command, workDir, env, GRACE);
    }

    /**
     * Like {@link #start(String, List, Path, Map)}, with the time between SIGTERM and SIGKILL on
     * stop ({@code grace}, whole seconds, at least 1): short for servers whose SIGTERM shutdown can
     * hang and whose data is thrown away anyway.
     */
    public static ManagedProcess start(
            String name,
            List<String> command,
            Path workDir,
            Map<String, String> env,
            Duration grace)
            throws IOException {
        grace = Duration.ofSeconds(Math.max(1, grace.toSeconds()));
        Files.createDirectories(workDir);
        Path log = workDir.resolve(name + ".log");
        List<String> argv = new ArrayList<>(List.of("sh", "-c", WATCHDOG, "sh"));
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile());
        builder.environment().putAll(env);
        builder.environment().put("FLINKEXT_LOG", log.toString());
        builder.environment().put("FLINKEXT_GRACE", Long.toString(grace.toSeconds()));
        builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process watchdog = builder.start();
        String firstLine = readLine(watchdog);
        long pid;
        try {
            pid = Long.parseLong(firstLine.trim());
        } catch (NumberFormatException e) {
            watchdog.destroyForcibly();
            throw new IOException(
                    "Could not start " + name + " (" + command + "): " + tail(log, 20), e);
        }
        return new ManagedProcess(name, watchdog, pid, log, grace);
    }

    private static String readLine(Process process) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = process.getInputStream().read()) != -1 && c != '\n') {
            line.append((char) c);
        }
        return line.toString();
    }

    /** The server's own process id (not the watchdog's). */
    public long pid() {
        return pid;
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The last lines of the server's log, for error messages. */
    public String logTail(int lines) {
        return tail(log, lines);
    }

    /**
     * Fails with the server's log tail when the server has died, for use inside readiness polls.
     */
    public void checkAlive() {
        if (!isAlive()) {
            throw new IllegalStateException(
                    name
                            + " (pid "
                            + pid
                            + ") exited during start-up. Log "
                            + log
                            + ":\n"
                            + logTail(40));
        }
    }

    /** Stops the server: SIGTERM through the watchdog, SIGKILL after a grace period. */
    @Override
    public void close() {
        try {
            lifeline.close();
        } catch (IOException ignored) {
            // the watchdog is gone already; fall through to the forced kill below
        }
        try {
            if (!watchdog.waitFor(grace.toSeconds() + 5, TimeUnit.SECONDS)) {
                watchdog.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Optional<ProcessHandle> server = ProcessHandle.of(pid);
        server.ifPresent(ProcessHandle::destroyForcibly);
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + pid + ")";
    }
}
