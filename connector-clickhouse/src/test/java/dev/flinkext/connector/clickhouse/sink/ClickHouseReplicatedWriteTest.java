package dev.flinkext.connector.clickhouse.sink;

import dev.flinkext.common.retry.RetryPolicy;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.sink.config.SinkWriterOptions;
import dev.flinkext.testing.clickhouse.ClickHouseCluster;
import dev.flinkext.testing.clickhouse.ClickHouseClusterExtension;
import dev.flinkext.testing.clickhouse.ClickHouseServer;
import dev.flinkext.testing.flink.FlinkClusterExtension;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sink.write-local} on two 18.16 shards (weights 1:2) of two replicas each, coordinated
 * through ZooKeeper, into {@code ReplicatedMergeTree} local tables: each row lands on its shard
 * once and both replicas of the shard end up with it; a shard's first replica being down moves the
 * shard's INSERT to its second replica; and a batch written again (as after a failover replay: same
 * rows, same batches) is not stored twice, because the batches are the same bytes and a replicated
 * table drops a block it already has — unlike a plain MergeTree, which stores it again.
 */
class ClickHouseReplicatedWriteTest {

    private static final int ROWS = 1200;
    private static final AtomicInteger TABLES = new AtomicInteger();

    @RegisterExtension
    static final ClickHouseClusterExtension CLUSTER =
            new ClickHouseClusterExtension().shardWeights(1, 2).replicas(2);

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final RowType ROW =
            (RowType)
                    DataTypes.ROW(
                                    DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
                                    DataTypes.FIELD("user", DataTypes.STRING().notNull()))
                            .getLogicalType();

    private static List<RowData> rows() {
        List<RowData> rows = new ArrayList<>();
        for (long id = 0; id < ROWS; id++) {
            rows.add(GenericRowData.of(id, StringData.fromString("u" + id * 7919 % 300)));
        }
        return rows;
    }

    /** {@code <name>_local} on every replica (replicated or not) and {@code <name>} over them. */
    private static void createTables(String name, boolean replicated) {
        ClickHouseCluster cluster = CLUSTER.server();
        cluster.executeOnAll(
                "CREATE TABLE default."
                        + name
                        + "_local (id Int64, user String) ENGINE = "
                        + (replicated
                                ? "ReplicatedMergeTree('/clickhouse/tables/{shard}/"
                                        + name
                                        + "', '{replica}')"
                                : "MergeTree")
                        + " ORDER BY id");
        cluster.createDistributed(name, name + "_local", "murmurHash3_64(user)");
    }

    private static ClickHouseSink sink(String name) {
        return ClickHouseSink.builder()
                .connection(
                        ClickHouseConnectionOptions.builder(CLUSTER.server().shard(0).httpUrl())
                                .build())
                .table("default", name)
                .rowType(ROW)
                .writeLocal(true)
                .options(
                        SinkWriterOptions.builder()
                                .maxRows(100)
                                .interval(Duration.ZERO)
                                .retryPolicy(
                                        RetryPolicy.of(
                                                5, Duration.ofMillis(50), Duration.ofMillis(200)))
                                .build())
                .build();
    }

    /** One writer, the rows in order, batches by count only: a replay would batch them alike. */
    private static void run(ClickHouseSink sink) throws Exception {
        StreamExecutionEnvironment env = FLINK.server().streamEnvironment();
        env.setParallelism(1);
        env.fromData(rows(), InternalTypeInfo.of(ROW)).sinkTo(sink);
        env.execute();
    }

    private static long count(ClickHouseServer server, String name) {
        return Long.parseLong(
                server.queryText("SELECT count() FROM default." + name + "_local").strip());
    }

    /** Waits until both replicas of every shard hold the same number of rows, and returns it. */
    private static long[] replicatedCounts(String name) throws InterruptedException {
        ClickHouseCluster cluster = CLUSTER.server();
        long[] counts = new long[2];
        for (int shard = 0; shard < 2; shard++) {
            List<ClickHouseServer> replicas = cluster.replicas(shard);
            long first = count(replicas.get(0), name);
            long second = count(replicas.get(1), name);
            for (int wait = 0; wait < 300 && first != second; wait++) {
                Thread.sleep(100);
                first = count(replicas.get(0), name);
                second = count(replicas.get(1), name);
            }
            assertThat(second).as("rows on both replicas of shard %d", shard + 1).isEqualTo(first);
            counts[shard] = first;
        }
        return counts;
    }

    private static void assertPlacement(String name) {
        for (int shard = 0; shard < 2; shard++) {
            for (ClickHouseServer replica : CLUSTER.server().replicas(shard)) {
                assertThat(
                                replica.query(
                                        "SELECT user FROM default."
                                                + name
                                                + "_local WHERE (murmurHash3_64(user) % 3 < 1)"
                                                + " != "
                                                + (shard == 0 ? "1" : "0")))
                        .as("rows on %s that belong to the other shard", replica)
                        .isEmpty();
            }
        }
    }

    @Test
    void eachRowReachesBothReplicasOfItsShardOnce() throws Exception {
        String name = "rep" + TABLES.incrementAndGet();
        createTables(name, true);
        run(sink(name));
        long[] counts = replicatedCounts(name);
        assertThat(counts[0]).isPositive();
        assertThat(counts[1]).isPositive();
        assertThat(counts[0] + counts[1]).isEqualTo(ROWS);
        assertPlacement(name);
    }

    @Test
    void aDownReplicaMovesTheShardsWritesToTheOther() throws Exception {
        String name = "rep" + TABLES.incrementAndGet();
        createTables(name, true);
        ClickHouseServer down = CLUSTER.server().replicas(1).get(0);
        down.stop();
        try {
            run(sink(name)); // planned while the replica is down too: its twin describes the shard
        } finally {
            down.restart();
        }
        long[] counts = replicatedCounts(name);
        assertThat(counts[0] + counts[1]).isEqualTo(ROWS);
        assertPlacement(name);
        assertThat(
                        CLUSTER.server()
                                .shard(0)
                                .queryText(
                                        "SELECT count() FROM (SELECT id FROM default."
                                                + name
                                                + " GROUP BY id HAVING count() > 1)")
                                .strip())
                .as("ids stored twice")
                .isEqualTo("0");
    }

    @Test
    void refusesShardsWithSeveralCopiesOfANonReplicatedTable() {
        String plain = "plain" + TABLES.incrementAndGet();
        createTables(plain, false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sink(plain))
                .isInstanceOf(org.apache.flink.table.api.ValidationException.class)
                .hasMessageContaining("shard 1 has 2 replicas")
                .hasMessageContaining("does not replicate itself");
    }

    @Test
    void aReplayedWriteIsNotStoredTwiceInReplicatedTables() throws Exception {
        String replicated = "rep" + TABLES.incrementAndGet();
        createTables(replicated, true);
        run(sink(replicated));
        run(sink(replicated)); // the same rows again, as a replay after a failover sends them
        long[] counts = replicatedCounts(replicated);
        assertThat(counts[0] + counts[1]).isEqualTo(ROWS);

        // the contrast: a plain MergeTree stores the replayed batches again (written directly:
        // write-local refuses non-replicated tables on shards with two replicas)
        String plain = "plain" + TABLES.incrementAndGet();
        createTables(plain, false);
        run(sinkThroughReplicaOne(plain));
        run(sinkThroughReplicaOne(plain));
        long stored = 0;
        for (int shard = 0; shard < 2; shard++) {
            stored += count(CLUSTER.server().replicas(shard).get(0), plain);
        }
        assertThat(stored).isEqualTo(2L * ROWS);
    }

    /** Appends to {@code <name>_local} on shard 1's first replica (a plain table, no routing). */
    private static ClickHouseSink sinkThroughReplicaOne(String name) {
        return ClickHouseSink.builder()
                .connection(
                        ClickHouseConnectionOptions.builder(CLUSTER.server().shard(0).httpUrl())
                                .build())
                .table("default", name + "_local")
                .rowType(ROW)
                .options(SinkWriterOptions.builder().maxRows(100).interval(Duration.ZERO).build())
                .build();
    }
}
