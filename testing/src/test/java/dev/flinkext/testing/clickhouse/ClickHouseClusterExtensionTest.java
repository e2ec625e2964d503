package dev.flinkext.testing.clickhouse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClickHouseClusterExtensionTest {

    private static final int ROWS = 1000;

    @RegisterExtension
    static final ClickHouseClusterExtension CLUSTER =
            new ClickHouseClusterExtension().shardWeights(1, 3);

    @Test
    void shardsListenOnTheirOwnAddressesWithTheSamePorts() {
        ClickHouseCluster cluster = CLUSTER.server();
        assertThat(cluster.clusterName()).isEqualTo("flinkext");
        assertThat(cluster.weights()).containsExactly(1, 3);
        assertThat(cluster.shards())
                .extracting(ClickHouseServer::host)
                .containsExactly("127.0.0.2", "127.0.0.3");
        assertThat(cluster.shard(1).tcpPort()).isEqualTo(cluster.shard(0).tcpPort());
        assertThat(cluster.pids()).doesNotHaveDuplicates().hasSize(2);
        for (ClickHouseServer shard : cluster.shards()) {
            assertThat(
                            shard.query(
                                    "SELECT shard_num, shard_weight, host_address, is_local"
                                            + " FROM system.clusters WHERE cluster = 'flinkext'"
                                            + " ORDER BY shard_num"))
                    .containsExactly(
                            List.of("1", "1", "127.0.0.2", "0"),
                            List.of("2", "3", "127.0.0.3", "0"));
        }
    }

    @Test
    void distributedInsertSpreadsRowsByWeight() {
        ClickHouseCluster cluster = CLUSTER.server();
        for (ClickHouseServer shard : cluster.shards()) {
            shard.execute(
                    "CREATE TABLE events_local (k String, v UInt64) ENGINE = MergeTree ORDER BY k");
            shard.execute(
                    "CREATE TABLE events AS events_local ENGINE = Distributed("
                            + cluster.clusterName()
                            + ", default, events_local, murmurHash3_64(k))");
        }

        cluster.shard(0)
                .execute(
                        "INSERT INTO events SELECT concat('key-', toString(number)), number"
                                + " FROM system.numbers LIMIT "
                                + ROWS,
                        Map.of("insert_distributed_sync", "1"));

        long first = count(cluster.shard(0), "events_local");
        long second = count(cluster.shard(1), "events_local");
        assertThat(first).isPositive();
        assertThat(second).isPositive();
        assertThat(first + second).isEqualTo(ROWS);
        assertThat(count(cluster.shard(1), "events")).isEqualTo(ROWS);
        // weights 1:3 give shard 1 the slot 0 of hash % 4, shard 2 the slots 1..3
        assertThat(
                        cluster.shard(0)
                                .query(
                                        "SELECT countIf(murmurHash3_64(k) % 4 >= 1) FROM events_local"))
                .containsExactly(List.of("0"));
        assertThat(
                        cluster.shard(1)
                                .query(
                                        "SELECT countIf(murmurHash3_64(k) % 4 < 1) FROM events_local"))
                .containsExactly(List.of("0"));
    }

    @Test
    void closeStopsEveryShard() throws Exception {
        ClickHouseCluster other = new ClickHouseClusterExtension().startUnmanaged();
        List<Long> pids = other.pids();
        assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).isPresent());

        other.close();

        assertThat(pids)
                .allMatch(pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
    }

    private static long count(ClickHouseServer server, String table) {
        return Long.parseLong(server.query("SELECT count() FROM " + table).get(0).get(0));
    }
}
