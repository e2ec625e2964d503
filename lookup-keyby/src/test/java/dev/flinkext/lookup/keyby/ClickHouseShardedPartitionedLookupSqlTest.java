package dev.flinkext.lookup.keyby;

import dev.flinkext.testing.clickhouse.ClickHouseCluster;
import dev.flinkext.testing.clickhouse.ClickHouseClusterExtension;
import dev.flinkext.testing.clickhouse.ClickHouseServer;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;

import org.apache.flink.types.Row;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A ClickHouse Distributed table over two shards (weights 1:2) sharded by {@code
 * murmurHash3_64(k)}, looked up by k at parallelism 4 with the LOOKUP shuffle: the partitioner
 * follows the shards (subtasks 0 and 2 take shard 1's keys, 1 and 3 shard 2's), so each subtask's
 * FULL load reads one shard's local table: two loads per shard in the servers' query logs, none of
 * the Distributed table, and the join is exact.
 */
class ClickHouseShardedPartitionedLookupSqlTest {

    @RegisterExtension
    static final ClickHouseClusterExtension CLUSTER =
            new ClickHouseClusterExtension().shardWeights(1, 2);

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final int KEYS = 1000;
    private static final int ROWS = 3000;

    @BeforeAll
    static void createDimension() {
        ClickHouseCluster cluster = CLUSTER.server();
        cluster.executeOnAll(
                "CREATE TABLE default.dim_local (k String, v String) ENGINE = MergeTree ORDER BY"
                        + " k");
        cluster.createDistributed("dim", "dim_local", "murmurHash3_64(k)");
        cluster.shard(0)
                .execute(
                        "INSERT INTO default.dim SELECT concat('k', toString(number)),"
                                + " concat('v', toString(number)) FROM system.numbers LIMIT "
                                + KEYS,
                        Map.of("insert_distributed_sync", "1"));
    }

    @Test
    void eachSubtaskLoadsOnlyItsShard() {
        FlinkSql sql = FlinkSql.streaming().parallelism(4);
        sql.executeScript(
                "CREATE TEMPORARY TABLE probe (id BIGINT, k AS CONCAT('k', CAST(MOD(id, "
                        + (KEYS + 100)
                        + ") AS STRING)), proc AS PROCTIME()) WITH ('connector' = 'datagen',"
                        + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '1',"
                        + " 'fields.id.end' = '"
                        + ROWS
                        + "');"
                        + "CREATE TEMPORARY TABLE dim (k STRING, v STRING) WITH ("
                        + "'connector' = 'clickhouse', 'url' = '"
                        + CLUSTER.server().shard(0).httpUrl()
                        + "', 'table-name' = 'dim', 'properties.log_queries' = '1',"
                        + " 'lookup.cache' = 'FULL', 'lookup.shuffle' = 'true',"
                        + " 'lookup.full-cache.periodic-reload.interval' = '1 h');");
        List<Row> rows =
                sql.collect(
                        "SELECT /*+ LOOKUP('table'='d', 'shuffle'='true') */ p.id, d.v FROM probe"
                                + " p LEFT JOIN dim FOR SYSTEM_TIME AS OF p.proc AS d ON d.k ="
                                + " p.k");
        List<String> expected = new ArrayList<>();
        for (long id = 1; id <= ROWS; id++) {
            long key = id % (KEYS + 100);
            expected.add(Row.of(id, key < KEYS ? "v" + key : null).toString());
        }
        expected.sort(null);
        List<String> actual = new ArrayList<>();
        rows.forEach(r -> actual.add(r.toString()));
        actual.sort(null);
        assertThat(actual).containsExactlyElementsOf(expected);

        for (ClickHouseServer shard : CLUSTER.server().shards()) {
            assertThat(shard.loggedSelectsOf("dim_local", 2))
                    .as("FULL loads of " + shard)
                    .hasSize(2);
            assertThat(shard.loggedSelectsOf("dim")).as("reads of the Distributed table").isEmpty();
        }
    }
}
