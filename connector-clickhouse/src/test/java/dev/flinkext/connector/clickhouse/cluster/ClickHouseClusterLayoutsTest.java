package dev.flinkext.connector.clickhouse.cluster;

import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.config.ClickHouseEndpoint;
import dev.flinkext.testing.clickhouse.ClickHouseCluster;
import dev.flinkext.testing.clickhouse.ClickHouseClusterExtension;
import dev.flinkext.testing.clickhouse.ClickHouseServer;

import org.apache.flink.table.api.ValidationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The layout of real Distributed tables over two 18.16 shards of weights 3:1. */
class ClickHouseClusterLayoutsTest {

    @RegisterExtension
    static final ClickHouseClusterExtension CLUSTER =
            new ClickHouseClusterExtension().shardWeights(3, 1);

    private static ClickHouseConnectionOptions options() {
        return ClickHouseConnectionOptions.builder(CLUSTER.server().shard(0).httpUrl()).build();
    }

    private static ShardEndpoints sameAsConfigured() {
        return ShardEndpoints.sameAsConfigured(options().endpoints().get(0));
    }

    @Test
    void readsEngineArgumentsShardsWeightsAndHttpEndpoints() {
        ClickHouseCluster cluster = CLUSTER.server();
        for (ClickHouseServer shard : cluster.shards()) {
            shard.execute("CREATE DATABASE IF NOT EXISTS lay");
            shard.execute(
                    "CREATE TABLE lay.events_local (user_id UInt64, name String)"
                            + " ENGINE = MergeTree ORDER BY user_id");
        }
        ClickHouseServer first = cluster.shard(0);
        first.execute(
                "CREATE TABLE lay.events AS lay.events_local ENGINE = Distributed("
                        + cluster.clusterName()
                        + ", lay, events_local, murmurHash3_64(user_id))");

        ClickHouseClusterLayout layout =
                ClickHouseClusterLayouts.read(options(), "lay", "events", sameAsConfigured());

        assertThat(layout.engine())
                .isEqualTo(
                        new DistributedEngine(
                                cluster.clusterName(),
                                "lay",
                                "events_local",
                                Optional.of("murmurHash3_64(user_id)")));
        assertThat(layout.weights()).containsExactly(3, 1);
        assertThat(layout.shards()).extracting(ClickHouseShard::shardNum).containsExactly(1, 2);
        for (int i = 0; i < 2; i++) {
            ClickHouseServer server = cluster.shard(i);
            List<ClickHouseReplica> replicas = layout.shards().get(i).replicas();
            assertThat(replicas).hasSize(1);
            ClickHouseReplica replica = replicas.get(0);
            assertThat(replica.hostName()).isEqualTo(server.host());
            assertThat(replica.tcpPort()).isEqualTo(server.tcpPort());
            // the test cluster's servers share their ports: same HTTP port as the configured url
            assertThat(replica.http().url() + "/").isEqualTo(withSlash(server.httpUrl()));
            // and that endpoint answers: the shard's local table is there
            assertThat(
                            dev.flinkext.connector.clickhouse.client.ClickHouseTables.columns(
                                    ClickHouseConnectionOptions.builder(replica.http().url())
                                            .build(),
                                    "lay",
                                    "events_local"))
                    .hasSize(2);
        }
        assertThat(layout.describe()).contains("'lay.events'").contains("2 shards");
    }

    @Test
    void quotedArgumentsAndCurrentDatabaseAreRead() {
        ClickHouseCluster cluster = CLUSTER.server();
        for (ClickHouseServer shard : cluster.shards()) {
            shard.execute("CREATE TABLE q_local (k Int32) ENGINE = MergeTree ORDER BY k");
        }
        cluster.shard(0)
                .execute(
                        "CREATE TABLE q_dist AS q_local ENGINE = Distributed('"
                                + cluster.clusterName()
                                + "', currentDatabase(), 'q_local', k % 7)");
        cluster.shard(0)
                .execute(
                        "CREATE TABLE q_nokey AS q_local ENGINE = Distributed("
                                + cluster.clusterName()
                                + ", 'default', q_local)");

        assertThat(
                        ClickHouseClusterLayouts.read(
                                        options(), "default", "q_dist", sameAsConfigured())
                                .engine())
                .isEqualTo(
                        new DistributedEngine(
                                cluster.clusterName(), "default", "q_local", Optional.of("k % 7")));
        assertThat(
                        ClickHouseClusterLayouts.read(
                                        options(), "default", "q_nokey", sameAsConfigured())
                                .engine()
                                .shardingKey())
                .isEmpty();
    }

    @Test
    void anExplicitMappingGivesEachReplicaItsUrl() {
        ClickHouseCluster cluster = CLUSTER.server();
        cluster.shard(0).execute("CREATE TABLE m_local (k Int32) ENGINE = MergeTree ORDER BY k");
        cluster.shard(0)
                .execute(
                        "CREATE TABLE m_dist AS m_local ENGINE = Distributed("
                                + cluster.clusterName()
                                + ", default, m_local, k)");
        ClickHouseServer second = cluster.shard(1);
        ClickHouseEndpoint mapped = ClickHouseEndpoint.parse("https://shard-two.example:9443");
        ShardEndpoints explicit =
                ShardEndpoints.explicit(
                        Map.of(second.host() + ":" + second.tcpPort(), mapped),
                        options().endpoints().get(0));

        ClickHouseClusterLayout layout =
                ClickHouseClusterLayouts.read(options(), "default", "m_dist", explicit);

        assertThat(layout.shards().get(1).replicas().get(0).http()).isEqualTo(mapped);
        assertThat(layout.shards().get(0).replicas().get(0).http().host())
                .isEqualTo(cluster.shard(0).host());

        ShardEndpoints withoutFallback =
                ShardEndpoints.explicit(Map.of(second.host(), mapped), null);
        assertThatThrownBy(
                        () ->
                                ClickHouseClusterLayouts.read(
                                        options(), "default", "m_dist", withoutFallback))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(cluster.shard(0).host() + ":" + cluster.shard(0).tcpPort());
    }

    @Test
    void aTableThatIsNotDistributedOrMissingIsNamed() {
        CLUSTER.server()
                .shard(0)
                .execute("CREATE TABLE plain (k Int32) ENGINE = MergeTree ORDER BY k");
        assertThatThrownBy(
                        () ->
                                ClickHouseClusterLayouts.read(
                                        options(), "default", "plain", sameAsConfigured()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'default.plain'")
                .hasMessageContaining("not a Distributed table")
                .hasMessageContaining("MergeTree");
        assertThatThrownBy(
                        () ->
                                ClickHouseClusterLayouts.read(
                                        options(), "default", "nope", sameAsConfigured()))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'default.nope'")
                .hasMessageContaining("does not exist");
    }

    private static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }
}
