package dev.flinkext.testing.process;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No test server may outlive a test JVM, even one killed with SIGKILL (no shutdown hook, no finally
 * block runs then). A second JVM starts every process-based server flinkext's tests use (Redis
 * standalone 6.2 and 7.0, cluster and sentinel; ClickHouse single and two shards; a Kudu mini
 * cluster); this test kills that JVM with SIGKILL and waits until none of their processes is left.
 * Kafka and Flink run inside the test JVM and die with it.
 */
class ServerLeakTest {

    @Test
    void noServerOutlivesAJvmKilledWithSigkill() throws Exception {
        try (ChildJvm child = ChildJvm.start(AllServersMain.class)) {
            List<Long> pids = child.awaitServerPids(Duration.ofSeconds(180));

            // redis 1 + 1 + 3 + 2, clickhouse 1 + 2, kudu control shell + master + tablet server
            assertThat(pids).as(child.transcript()).hasSize(13).doesNotHaveDuplicates();
            assertThat(pids)
                    .allMatch(
                            pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            assertThat(child.transcript())
                    .as("Kudu works after the JDK's TLS was initialised first")
                    .contains("KUDU_ROWS 1");

            child.killHard();

            ProcessGone.await(pids, Duration.ofSeconds(60));
        }
    }
}
