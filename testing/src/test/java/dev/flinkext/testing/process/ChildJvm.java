package dev.flinkext.testing.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM, on this test's class path, running a main class that starts servers and prints
 * {@code PID <n>} for every server process; the test then kills the JVM with SIGKILL.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final StringBuilder transcript = new StringBuilder();

    private ChildJvm(Process process) {
        this.process = process;
        this.out =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("--add-opens=java.base/java.net=ALL-UNNAMED");
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Reads the child's output until it prints {@code READY}, collecting the pids it announced. */
    List<Long> awaitServerPids(Duration timeout) throws Exception {
        CompletableFuture<List<Long>> pids =
                CompletableFuture.supplyAsync(
                        () -> {
                            List<Long> found = new ArrayList<>();
                            try {
                                String line;
                                while ((line = out.readLine()) != null) {
                                    transcript.append(line).append('\n');
                                    if (line.startsWith("PID ")) {
                                        found.add(Long.parseLong(line.substring(4).trim()));
                                    } else if (line.equals("READY")) {
                                        return found;
                                    }
                                }
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                            throw new IllegalStateException(
                                    "child JVM ended before READY:\n" + transcript);
                        });
        try {
            return pids.get(timeout.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("child JVM not READY in time:\n" + transcript, e);
        }
    }

    /** SIGKILL: no shutdown hook, no finally block runs in the child. */
    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String transcript() {
        return transcript.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
