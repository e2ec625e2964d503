package dev.flinkext.testing.kudu;

import dev.flinkext.testing.process.Poll;
import dev.flinkext.testing.process.TempDirs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Kudu process may outlive a test JVM killed with SIGKILL (no shutdown hook runs then). This
 * needs a JVM of its own to kill, so it starts {@link KuduClusterChild} instead of registering the
 * extension. The child also uses the JDK's TLS before starting the cluster, which breaks Kudu
 * clients unless the cluster's keys pass the JDK's default constraints.
 */
class KuduClusterSigkillTest {

    @Test
    void noKuduProcessOutlivesAKilledJvm(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("child.out");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child =
                new ProcessBuilder(
                                java,
                                "-cp",
                                System.getProperty("java.class.path"),
                                KuduClusterChild.class.getName())
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
        Path workDir = null;
        try {
            Poll.until(
                    "the child JVM to start a Kudu cluster",
                    Duration.ofSeconds(120),
                    () -> {
                        if (!child.isAlive()) {
                            throw new IllegalStateException("The child JVM exited:\n" + read(out));
                        }
                    },
                    () -> read(out).contains("READY "));
            String output = read(out);
            assertThat(output)
                    .as("the JDK's TLS constraints were the strict defaults")
                    .contains("RSA keySize < 1024")
                    .contains("ROWS 1");
            workDir = Path.of(line(output, "WORKDIR "));
            List<Long> pids =
                    Arrays.stream(line(output, "READY ").split(","))
                            .map(Long::valueOf)
                            .collect(Collectors.toList());
            // the control shell, one master, one tablet server
            assertThat(pids).hasSize(3).allMatch(KuduClusterSigkillTest::alive);

            child.destroyForcibly(); // SIGKILL
            child.waitFor();

            Poll.until(
                    "every Kudu process of the killed JVM to exit " + pids,
                    Duration.ofSeconds(30),
                    () -> {},
                    () -> pids.stream().noneMatch(KuduClusterSigkillTest::alive));
        } finally {
            child.destroyForcibly();
            TempDirs.deleteQuietly(workDir);
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String line(String output, String prefix) {
        return output.lines()
                .filter(l -> l.startsWith(prefix))
                .map(l -> l.substring(prefix.length()).trim())
                .findFirst()
                .orElseThrow(() -> new AssertionError("No '" + prefix + "' in:\n" + output));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
