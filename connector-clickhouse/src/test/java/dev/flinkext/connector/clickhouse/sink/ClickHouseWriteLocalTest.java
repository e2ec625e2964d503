package dev.flinkext.connector.clickhouse.sink;

import dev.flinkext.common.retry.RetryPolicy;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.sink.config.SinkWriterOptions;
import dev.flinkext.testing.clickhouse.ClickHouseCluster;
import dev.flinkext.testing.clickhouse.ClickHouseClusterExtension;
import dev.flinkext.testing.clickhouse.ClickHouseServer;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code sink.write-local} on two real 18.16 shards with uneven weights (4:7): the same rows are
 * written once shard-local by {@link ClickHouseSink} and once through a Distributed table by the
 * server itself ({@code insert_distributed_sync=1}); every shard's local table must then hold
 * exactly the same rows in both cases. The write-local job runs after its Distributed table was
 * dropped (the layout is read when the sink is built), so no row can have gone through it.
 */
class ClickHouseWriteLocalTest {

    private static final int ROWS = 3000;
    private static final AtomicInteger TABLES = new AtomicInteger();

    @RegisterExtension
    static final ClickHouseClusterExtension CLUSTER =
            new ClickHouseClusterExtension().shardWeights(4, 7);

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final RowType ROW =
            (RowType)
                    DataTypes.ROW(
                                    DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
                                    DataTypes.FIELD("user", DataTypes.STRING().notNull()),
                                    DataTypes.FIELD("n", DataTypes.INT().notNull()))
                            .getLogicalType();

    private static String user(long id) {
        long k = Math.floorMod(id * 7919, 500);
        if (k == 0) {
            return "";
        }
        return k % 17 == 0 ? "ユーザー-" + k + "-" + "x".repeat((int) k) : "u" + k;
    }

    private static List<RowData> rows() {
        List<RowData> rows = new ArrayList<>();
        for (long id = -ROWS / 3; id < ROWS - ROWS / 3; id++) {
            rows.add(
                    GenericRowData.of(
                            id, StringData.fromString(user(id)), (int) Math.floorMod(id, 1000)));
        }
        return rows;
    }

    private static ClickHouseConnectionOptions connection(Map<String, String> settings) {
        ClickHouseConnectionOptions.Builder builder =
                ClickHouseConnectionOptions.builder(CLUSTER.server().shard(0).httpUrl());
        settings.forEach(builder::setting);
        return builder.build();
    }

    /**
     * Local tables {@code <name>_local} on both shards and {@code <name>} Distributed over them.
     */
    private static void createTables(String name, String engine, String shardingKey) {
        ClickHouseCluster cluster = CLUSTER.server();
        cluster.executeOnAll(
                "CREATE TABLE default."
                        + name
                        + "_local (id Int64, user String, n Int32) ENGINE = "
                        + engine);
        cluster.createDistributed(name, name + "_local", shardingKey);
    }

    private static void run(List<RowData> rows, ClickHouseSink sink) throws Exception {
        StreamExecutionEnvironment env = FLINK.server().streamEnvironment();
        env.setParallelism(2);
        env.fromData(rows, InternalTypeInfo.of(ROW)).rebalance().sinkTo(sink);
        env.execute();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "murmurHash3_64(user)",
                "cityHash64(user)",
                "murmurHash3_64(user, id)",
                "cityHash64(id, n, user)",
                "intHash64(id)",
                "id % 7",
                "id",
                "n"
            })
    void everyShardHoldsWhatTheDistributedTableWouldPutThere(String shardingKey) throws Exception {
        String local = "wl" + TABLES.incrementAndGet();
        String reference = local + "_ref";
        createTables(local, "MergeTree ORDER BY id", shardingKey);
        createTables(reference, "MergeTree ORDER BY id", shardingKey);

        ClickHouseSink writeLocal =
                ClickHouseSink.builder()
                        .connection(connection(Map.of()))
                        .table("default", local)
                        .rowType(ROW)
                        .writeLocal(true)
                        .options(
                                SinkWriterOptions.builder()
                                        .maxRows(173)
                                        .maxInFlightBatches(2)
                                        .build())
                        .build();
        CLUSTER.server().shard(0).execute("DROP TABLE default." + local);
        run(rows(), writeLocal);

        ClickHouseSink throughDistributed =
                ClickHouseSink.builder()
                        .connection(connection(Map.of("insert_distributed_sync", "1")))
                        .table("default", reference)
                        .rowType(ROW)
                        .options(SinkWriterOptions.builder().maxRows(500).build())
                        .build();
        run(rows(), throughDistributed);

        int total = 0;
        for (int shard = 0; shard < 2; shard++) {
            ClickHouseServer server = CLUSTER.server().shard(shard);
            String ours = server.queryText("SELECT * FROM default." + local + "_local ORDER BY id");
            String theirs =
                    server.queryText("SELECT * FROM default." + reference + "_local ORDER BY id");
            assertThat(ours).as("shard %d", shard).isNotEmpty().isEqualTo(theirs);
            total += ours.split("\n").length;
        }
        assertThat(total).isEqualTo(ROWS);
    }

    @Test
    void randSpreadsRowsOverBothShardsAndLosesNone() throws Exception {
        String local = "wl" + TABLES.incrementAndGet();
        createTables(local, "MergeTree ORDER BY id", "rand()");
        run(
                rows(),
                ClickHouseSink.builder()
                        .connection(connection(Map.of()))
                        .table("default", local)
                        .rowType(ROW)
                        .writeLocal(true)
                        .options(SinkWriterOptions.builder().maxRows(100).build())
                        .build());
        long total = 0;
        for (int shard = 0; shard < 2; shard++) {
            long count =
                    Long.parseLong(
                            CLUSTER.server()
                                    .shard(shard)
                                    .queryText("SELECT count() FROM default." + local + "_local")
                                    .strip());
            assertThat(count).as("shard %d", shard).isPositive();
            total += count;
        }
        assertThat(total).isEqualTo(ROWS);
    }

    @Test
    void upsertsGoToTheKeysShardAndFollowTheLocalEngine() throws Exception {
        String local = "wl" + TABLES.incrementAndGet();
        createTables(local, "ReplacingMergeTree ORDER BY user", "murmurHash3_64(user)");
        ClickHouseSink sink =
                ClickHouseSink.builder()
                        .connection(connection(Map.of()))
                        .table("default", local)
                        .rowType(ROW)
                        .primaryKey(List.of("user"))
                        .writeLocal(true)
                        .options(SinkWriterOptions.builder().maxRows(50).build())
                        .build();
        assertThat(sink.changelogStrategy()).startsWith("replacing");
        // every row of a user replaces the previous one: the last id per user wins
        run(rows(), sink);
        int users = 0;
        for (int shard = 0; shard < 2; shard++) {
            ClickHouseServer server = CLUSTER.server().shard(shard);
            List<List<String>> misplaced =
                    server.query(
                            "SELECT user FROM default."
                                    + local
                                    + "_local WHERE (murmurHash3_64(user) % 11 < 4) != "
                                    + (shard == 0 ? "1" : "0"));
            assertThat(misplaced).as("rows on shard %d that belong to the other", shard).isEmpty();
            users +=
                    Integer.parseInt(
                            server.queryText(
                                            "SELECT count() FROM default." + local + "_local FINAL")
                                    .strip());
        }
        assertThat(users).isEqualTo(500);
    }

    @Test
    void sqlOptionWritesEachRowToItsShard() {
        String local = "wl" + TABLES.incrementAndGet();
        createTables(local, "MergeTree ORDER BY id", "murmurHash3_64(user)");
        FlinkSql.streaming()
                .executeScript(
                        "CREATE TABLE t (id BIGINT, `user` STRING, n INT) WITH ("
                                + "'connector' = 'clickhouse', 'url' = '"
                                + CLUSTER.server().shard(0).httpUrl()
                                + "', 'table-name' = '"
                                + local
                                + "', 'sink.write-local' = 'true',"
                                + " 'sink.buffer-flush.max-rows' = '7');"
                                + "INSERT INTO t SELECT CAST(id AS BIGINT), CONCAT('u', CAST(id AS"
                                + " STRING)), id FROM (VALUES (1), (2), (3), (4), (5), (6), (7),"
                                + " (8), (9), (10), (11), (12), (13), (14), (15), (16), (17), (18),"
                                + " (19), (20)) AS v(id);");
        int total = 0;
        for (int shard = 0; shard < 2; shard++) {
            ClickHouseServer server = CLUSTER.server().shard(shard);
            assertThat(
                            server.query(
                                    "SELECT user FROM default."
                                            + local
                                            + "_local WHERE (murmurHash3_64(user) % 11 < 4) != "
                                            + (shard == 0 ? "1" : "0")))
                    .as("rows on shard %d that belong to the other", shard)
                    .isEmpty();
            total +=
                    Integer.parseInt(
                            server.queryText("SELECT count() FROM default." + local + "_local")
                                    .strip());
        }
        assertThat(total).isEqualTo(20);
    }

    @Test
    void replicaUrlsDecideWhereAReplicaIsReached() {
        String local = "wl" + TABLES.incrementAndGet();
        createTables(local, "MergeTree ORDER BY id", "intHash64(id)");
        ClickHouseServer second = CLUSTER.server().shard(1);
        String wrong = "http://" + second.host() + ":1";
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                "CREATE TABLE t (id BIGINT, `user` STRING, n INT)"
                                                        + " WITH ('connector' = 'clickhouse',"
                                                        + " 'url' = '"
                                                        + CLUSTER.server().shard(0).httpUrl()
                                                        + "', 'table-name' = '"
                                                        + local
                                                        + "', 'sink.write-local' = 'true',"
                                                        + " 'replica-urls' = '"
                                                        + second.host()
                                                        + "="
                                                        + wrong
                                                        + "');"
                                                        + "INSERT INTO t VALUES (1, 'a', 1);"))
                .hasStackTraceContaining(wrong);
    }

    @Test
    void aShardThatStaysDownFailsTheJobNamingItsLocalTable() throws Exception {
        String local = "wl" + TABLES.incrementAndGet();
        createTables(local, "MergeTree ORDER BY id", "intHash64(id)");
        ClickHouseSink sink =
                ClickHouseSink.builder()
                        .connection(connection(Map.of()))
                        .table("default", local)
                        .rowType(ROW)
                        .writeLocal(true)
                        .options(
                                SinkWriterOptions.builder()
                                        .maxRows(100)
                                        .retryPolicy(
                                                RetryPolicy.of(
                                                        1,
                                                        Duration.ofMillis(10),
                                                        Duration.ofMillis(20)))
                                        .build())
                        .build();
        ClickHouseServer second = CLUSTER.server().shard(1);
        second.stop();
        try {
            assertThatThrownBy(() -> run(rows(), sink))
                    .hasStackTraceContaining("shard 2 of")
                    .hasStackTraceContaining(local + "_local")
                    .hasStackTraceContaining(second.httpUrl());
        } finally {
            second.restart();
        }
    }

    @Test
    void mutationsApplyToEachShardsLocalTable() throws Exception {
        String local = "wl" + TABLES.incrementAndGet();
        createTables(local, "MergeTree ORDER BY user", "murmurHash3_64(user)");
        ClickHouseSink sink =
                ClickHouseSink.builder()
                        .connection(connection(Map.of()))
                        .table("default", local)
                        .rowType(ROW)
                        .primaryKey(List.of("user"))
                        .upsertStrategy(
                                dev.flinkext.connector.clickhouse.config.ClickHouseUpsertStrategy
                                        .MUTATIONS)
                        .writeLocal(true)
                        .options(SinkWriterOptions.builder().maxRows(50).build())
                        .build();
        // every row of a user replaces the previous one: one row per user is left, on its shard
        run(rows(), sink);
        int users = 0;
        for (int shard = 0; shard < 2; shard++) {
            ClickHouseServer server = CLUSTER.server().shard(shard);
            for (int wait = 0; wait < 600; wait++) {
                if (server.queryText("SELECT count() FROM system.mutations WHERE is_done = 0")
                        .strip()
                        .equals("0")) {
                    break;
                }
                Thread.sleep(50);
            }
            assertThat(
                            server.query(
                                    "SELECT user FROM default."
                                            + local
                                            + "_local GROUP BY user HAVING count() > 1"))
                    .as("users with more than one row on shard %d", shard)
                    .isEmpty();
            assertThat(
                            server.query(
                                    "SELECT user FROM default."
                                            + local
                                            + "_local WHERE (murmurHash3_64(user) % 11 < 4) != "
                                            + (shard == 0 ? "1" : "0")))
                    .isEmpty();
            users +=
                    Integer.parseInt(
                            server.queryText("SELECT count() FROM default." + local + "_local")
                                    .strip());
        }
        assertThat(users).isEqualTo(500);
    }

    @Test
    void refusesATableThatIsNotDistributed() {
        String local = "wl" + TABLES.incrementAndGet();
        CLUSTER.server()
                .shard(0)
                .execute(
                        "CREATE TABLE default."
                                + local
                                + " (id Int64, user String, n Int32) ENGINE = MergeTree ORDER BY"
                                + " id");
        assertThatThrownBy(
                        () ->
                                ClickHouseSink.builder()
                                        .connection(connection(Map.of()))
                                        .table("default", local)
                                        .rowType(ROW)
                                        .writeLocal(true)
                                        .build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(local)
                .hasMessageContaining("Distributed");
    }

    @Test
    void refusesLocalTablesThatDifferBetweenShards() {
        String local = "wl" + TABLES.incrementAndGet();
        createTables(local, "MergeTree ORDER BY id", "intHash64(id)");
        CLUSTER.server()
                .shard(1)
                .execute("ALTER TABLE default." + local + "_local ADD COLUMN extra String");
        assertThatThrownBy(
                        () ->
                                ClickHouseSink.builder()
                                        .connection(connection(Map.of()))
                                        .table("default", local)
                                        .rowType(ROW)
                                        .writeLocal(true)
                                        .build())
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(local + "_local")
                .hasMessageContaining("other columns on shard 2");
    }
}
