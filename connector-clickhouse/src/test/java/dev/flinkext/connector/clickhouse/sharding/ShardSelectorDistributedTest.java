package dev.flinkext.connector.clickhouse.sharding;

import dev.flinkext.testing.clickhouse.ClickHouseCluster;
import dev.flinkext.testing.clickhouse.ClickHouseClusterExtension;
import dev.flinkext.testing.clickhouse.ClickHouseServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Distributed table over two shards of weights 2:5: every row lands on the shard {@link
 * ShardSelector} predicts, for signed Int8/Int16/Int32/Int64 keys and a murmurHash3_64 String key.
 */
class ShardSelectorDistributedTest {

    private static final int ROWS = 2000;

    @RegisterExtension
    static final ClickHouseClusterExtension CLUSTER =
            new ClickHouseClusterExtension().shardWeights(2, 5);

    private static final ShardSelector SELECTOR = ShardSelector.ofWeights(2, 5);

    @Test
    void signedInt8KeysLandWhereTheSelectorSays() {
        // k from -128 to 127 and round again
        checkDistribution("Int8", "toInt8(toInt32(number % 256) - 128)", 8);
    }

    @Test
    void signedInt16KeysLandWhereTheSelectorSays() {
        checkDistribution("Int16", "toInt16(toInt64(number * 37) - 40000)", 16);
    }

    @Test
    void signedInt32KeysLandWhereTheSelectorSays() {
        checkDistribution(
                "Int32",
                "toInt32(if(number % 2 = 0, toInt64(number) - 1000, toInt64(intHash64(number))))",
                32);
    }

    @Test
    void signedInt64KeysLandWhereTheSelectorSays() {
        checkDistribution(
                "Int64",
                "toInt64(if(number % 2 = 0, toInt64(number) - 1000, toInt64(intHash64(number))))",
                64);
    }

    @Test
    void murmurHashedStringKeysLandWhereTheSelectorSays() {
        ClickHouseCluster cluster = CLUSTER.server();
        String local = "s_local";
        for (ClickHouseServer shard : cluster.shards()) {
            shard.execute("CREATE TABLE " + local + " (k String) ENGINE = MergeTree ORDER BY k");
            shard.execute(
                    "CREATE TABLE s_dist AS "
                            + local
                            + " ENGINE = Distributed("
                            + cluster.clusterName()
                            + ", default, "
                            + local
                            + ", murmurHash3_64(k))");
        }
        cluster.shard(0)
                .execute(
                        "INSERT INTO s_dist SELECT concat('key-', toString(number), '-ü')"
                                + " FROM system.numbers LIMIT "
                                + ROWS,
                        Map.of("insert_distributed_sync", "1"));
        checkShards(local, k -> SELECTOR.shardIndexOf(ClickHouseHashes.murmurHash3_64(k)));
    }

    private void checkDistribution(String type, String expression, int bits) {
        ClickHouseCluster cluster = CLUSTER.server();
        String local = "k_" + type.toLowerCase() + "_local";
        for (ClickHouseServer shard : cluster.shards()) {
            shard.execute(
                    "CREATE TABLE " + local + " (k " + type + ") ENGINE = MergeTree ORDER BY k");
            shard.execute(
                    "CREATE TABLE k_"
                            + type.toLowerCase()
                            + " AS "
                            + local
                            + " ENGINE = Distributed("
                            + cluster.clusterName()
                            + ", default, "
                            + local
                            + ", k)");
        }
        cluster.shard(0)
                .execute(
                        "INSERT INTO k_"
                                + type.toLowerCase()
                                + " SELECT "
                                + expression
                                + " FROM system.numbers LIMIT "
                                + ROWS,
                        Map.of("insert_distributed_sync", "1"));
        checkShards(
                local,
                k ->
                        SELECTOR.shardIndexOf(
                                ShardSelector.unsignedShardingValue(Long.parseLong(k), bits)));
    }

    private void checkShards(String local, ToLongFunction<String> predictedShard) {
        ClickHouseCluster cluster = CLUSTER.server();
        int total = 0;
        int negatives = 0;
        for (int shard = 0; shard < 2; shard++) {
            List<List<String>> rows = cluster.shard(shard).query("SELECT k FROM " + local);
            assertThat(rows).as("shard %d holds rows", shard).isNotEmpty();
            for (List<String> row : rows) {
                String k = row.get(0);
                negatives += k.startsWith("-") ? 1 : 0;
                assertThat(predictedShard.applyAsLong(k)).as("k=%s", k).isEqualTo(shard);
            }
            total += rows.size();
        }
        assertThat(total).isEqualTo(ROWS);
        if (!local.startsWith("s_")) {
            assertThat(negatives).as("negative keys tested").isPositive();
        }
    }
}
