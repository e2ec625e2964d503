package dev.flinkext.testing.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClickHouseServerExtensionTest {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseServerExtensionTest.class);

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    @Test
    void reportsItsVersionAndAddress() {
        ClickHouseServer server = CLICKHOUSE.server();
        LOG.info("SELECT version() = {}", server.version());
        assertThat(server.version()).matches("\\d+\\.\\d+.*");
        assertThat(server.host()).isEqualTo("127.0.0.1");
        assertThat(server.httpUrl()).isEqualTo("http://127.0.0.1:" + server.httpPort());
        assertThat(server.tcpPort()).isNotEqualTo(server.httpPort());
    }

    @Test
    void writesAndReadsBackAMergeTreeTable() {
        ClickHouseServer server = CLICKHOUSE.server();
        server.execute(
                "CREATE TABLE round_trip (id UInt32, name String, note Nullable(String))"
                        + " ENGINE = MergeTree ORDER BY id");
        // TabSeparated escapes: tab, newline and backslash inside cells, \N for NULL
        server.insert(
                "INSERT INTO round_trip FORMAT TabSeparated",
                "1\tplain\t\\N\n2\ttab\\there\tline\\nbreak\n3\tback\\\\slash\tü€\n");
        server.execute("INSERT INTO round_trip VALUES (4, 'values', 'x')");

        List<List<String>> rows = server.query("SELECT id, name, note FROM round_trip ORDER BY id");

        assertThat(rows)
                .containsExactly(
                        Arrays.asList("1", "plain", null),
                        List.of("2", "tab\there", "line\nbreak"),
                        List.of("3", "back\\slash", "ü€"),
                        List.of("4", "values", "x"));
    }

    @Test
    void failsWithTheServersErrorAndTheSql() {
        assertThatThrownBy(() -> CLICKHOUSE.server().execute("SELECT no_such_column"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:" + CLICKHOUSE.server().httpPort())
                .hasMessageContaining("DB::Exception")
                .hasMessageContaining("SQL: SELECT no_such_column");
    }

    @Test
    void knowsAOneShardClusterOfItself() {
        ClickHouseServer server = CLICKHOUSE.server();
        assertThat(
                        server.query(
                                "SELECT shard_num, host_address, port, is_local FROM system.clusters"
                                        + " WHERE cluster = '"
                                        + ClickHouseCluster.CLUSTER_NAME
                                        + "'"))
                .containsExactly(List.of("1", "127.0.0.1", "" + server.tcpPort(), "1"));
        server.execute("CREATE TABLE one_local (k UInt64) ENGINE = MergeTree ORDER BY k");
        server.execute(
                "CREATE TABLE one_all AS one_local ENGINE = Distributed("
                        + server.clusterName()
                        + ", default, one_local, k)");
        server.execute(
                "INSERT INTO one_all SELECT number FROM system.numbers LIMIT 10",
                java.util.Map.of("insert_distributed_sync", "1"));
        assertThat(server.query("SELECT count() FROM one_local")).containsExactly(List.of("10"));
    }

    @Test
    void closeStopsTheProcessAndDeletesItsFolder() throws Exception {
        ClickHouseServer other = new ClickHouseServerExtension().startUnmanaged();
        long pid = other.pid();
        Path dir = other.directory();
        assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);
        assertThat(other.query("SELECT 1")).containsExactly(List.of("1"));

        other.close();

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(Files.exists(dir)).isFalse();
    }
}
