package dev.flinkext.connector.clickhouse.table;

import dev.flinkext.testing.clickhouse.ClickHouseCluster;
import dev.flinkext.testing.clickhouse.ClickHouseClusterExtension;
import dev.flinkext.testing.clickhouse.ClickHouseServer;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;

import org.apache.flink.types.Row;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Lookup joins through SQL against real 18.16 servers: every cache mode, sync and async, with the
 * reads counted in the servers' own query log ({@code log_queries} set through {@code
 * properties.*}); a Distributed table sharded by the key, read one shard's local table per batch;
 * one sharded by {@code rand()}, read through the Distributed table; planning-time errors.
 */
class ClickHouseLookupSqlTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    @RegisterExtension
    static final ClickHouseClusterExtension CLUSTER =
            new ClickHouseClusterExtension().shardWeights(1, 2);

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final AtomicInteger TABLES = new AtomicInteger();

    private static final String DIM_COLUMNS =
            "k STRING, v INT, name STRING, PRIMARY KEY (k) NOT ENFORCED";

    private static final String JOIN =
            "SELECT p.id, d.k, d.v FROM probe p LEFT JOIN dim FOR SYSTEM_TIME AS OF p.proc AS d"
                    + " ON d.k = p.k";

    private static String ddl(String url, String table, String options) {
        return "CREATE TEMPORARY TABLE dim ("
                + DIM_COLUMNS
                + ") WITH ('connector' = 'clickhouse', 'url' = '"
                + url
                + "', 'table-name' = '"
                + table
                + "', 'properties.log_queries' = '1'"
                + options
                + ");";
    }

    /** Ids 1..n; k = 'k' || MOD(id, modulo). */
    private static String probe(int n, int modulo) {
        return "CREATE TEMPORARY TABLE probe (id BIGINT, k AS CONCAT('k', CAST(MOD(id, "
                + modulo
                + ") AS STRING)), proc AS PROCTIME()) WITH ('connector' = 'datagen',"
                + " 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '"
                + n
                + "');";
    }

    private static List<String> sorted(List<Row> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.toString()));
        out.sort(null);
        return out;
    }

    /** Reads of {@code table} the server logged (queries started that select from it). */
    private static long reads(ClickHouseServer server, String table) {
        return server.loggedSelectsOf(table).size();
    }

    /** The reads of {@code table}, once the log shows {@code expected} of them or 15 s passed. */
    private static long reads(ClickHouseServer server, String table, long expected) {
        return server.loggedSelectsOf(table, (int) expected).size();
    }

    private static String dimTable(ClickHouseServer server) {
        String table = "dim" + TABLES.incrementAndGet();
        server.execute(
                "CREATE TABLE default."
                        + table
                        + " (k String, v Nullable(Int32), name Nullable(String))"
                        + " ENGINE = MergeTree ORDER BY k");
        server.execute(
                "INSERT INTO default." + table + " VALUES ('k1', 10, 'one'), ('k2', 20, NULL)");
        return table;
    }

    /**
     * 8 probe rows over 4 keys (2 in ClickHouse). Reads: sync without a cache, one per row; a
     * PARTIAL cache, one per distinct key (misses cached too); FULL, the load's one read. Async
     * reads depend on how rows meet in batches (see {@link #asyncLookupsReadOncePerBatch}).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'lookup.cache' = 'NONE'|8",
                "'lookup.async' = 'true'|-1",
                "'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '100'|4",
                "'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '100', 'lookup.async' = 'true'|-1",
                "'lookup.cache' = 'FULL', 'lookup.full-cache.periodic-reload.interval' = '1 h'|1"
            })
    void everyCacheModeJoinsAndMissesAreNulls(String lookupOptions, long expectedReads)
            throws Exception {
        ClickHouseServer server = CLICKHOUSE.server();
        String table = dimTable(server);
        FlinkSql sql = FlinkSql.streaming().parallelism(1);
        sql.executeScript(ddl(server.httpUrl(), table, ", " + lookupOptions) + probe(8, 4));
        assertThat(sorted(sql.collect(JOIN)))
                .containsExactly(
                        "+I[1, k1, 10]",
                        "+I[2, k2, 20]",
                        "+I[3, null, null]",
                        "+I[4, null, null]",
                        "+I[5, k1, 10]",
                        "+I[6, k2, 20]",
                        "+I[7, null, null]",
                        "+I[8, null, null]");
        long reads = reads(server, table, Math.max(1, expectedReads));
        if (expectedReads >= 0) {
            assertThat(reads).as("reads").isEqualTo(expectedReads);
        } else {
            assertThat(reads).as("reads").isBetween(1L, 8L);
        }
    }

    /**
     * 6 distinct keys, batches of 3 (a delay that never ends a batch first): 2 reads async, 6 sync.
     */
    /**
     * A condition on the dimension in the join's ON clause stays with the join (the planner does
     * not hand it to the source's filter push-down, which serves scans only): a row of k2 (v = 20)
     * does not match {@code d.v < 15}.
     */
    @Test
    void aConditionOnTheDimensionInTheOnClauseStillHolds() {
        ClickHouseServer server = CLICKHOUSE.server();
        String table = dimTable(server);
        FlinkSql sql = FlinkSql.streaming().parallelism(1);
        sql.executeScript(ddl(server.httpUrl(), table, "") + probe(4, 4));
        assertThat(sorted(sql.collect(JOIN + " AND d.v < 15")))
                .containsExactly(
                        "+I[1, k1, 10]",
                        "+I[2, null, null]",
                        "+I[3, null, null]",
                        "+I[4, null, null]");
    }

    @Test
    void asyncLookupsReadOncePerBatch() throws Exception {
        ClickHouseServer server = CLICKHOUSE.server();
        for (String async : List.of("false", "true")) {
            String table = dimTable(server);
            FlinkSql sql = FlinkSql.streaming().parallelism(1);
            sql.executeScript(
                    ddl(
                                    server.httpUrl(),
                                    table,
                                    ", 'lookup.async' = '"
                                            + async
                                            + "', 'lookup.batch.max-size' = '3',"
                                            + " 'lookup.batch.max-delay' = '1 min'")
                            + probe(6, 100));
            assertThat(sql.collect(JOIN)).hasSize(6);
            long expected = async.equals("true") ? 2 : 6;
            assertThat(reads(server, table, expected))
                    .as("reads, async = %s", async)
                    .isEqualTo(expected);
        }
    }

    private static String distributedDim(ClickHouseCluster cluster, String shardingKey) {
        return distributedDim(cluster, shardingKey, "MergeTree");
    }

    private static String distributedDim(
            ClickHouseCluster cluster, String shardingKey, String engine) {
        String table = "ddim" + TABLES.incrementAndGet();
        cluster.executeOnAll(
                "CREATE TABLE default."
                        + table
                        + "_local (k String, v Nullable(Int32), name Nullable(String))"
                        + " ENGINE = "
                        + engine
                        + " ORDER BY k");
        cluster.createDistributed(table, table + "_local", shardingKey);
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 20; i += 2) { // even keys only: odd ones are misses
            values.append(values.length() == 0 ? "" : ", ")
                    .append("('k")
                    .append(i)
                    .append("', ")
                    .append(i * 10)
                    .append(", 'n")
                    .append(i)
                    .append("')");
        }
        cluster.shard(0)
                .execute(
                        "INSERT INTO default." + table + " VALUES " + values,
                        Map.of("insert_distributed_sync", "1"));
        return table;
    }

    private static List<String> expectedDistributedJoin() {
        List<String> expected = new ArrayList<>();
        for (int id = 1; id <= 20; id++) {
            int key = id % 20;
            expected.add(
                    key % 2 == 0
                            ? "+I[" + id + ", k" + key + ", " + key * 10 + "]"
                            : "+I[" + id + ", null, null]");
        }
        expected.sort(null);
        return expected;
    }

    @Test
    void aTableShardedByTheKeyIsReadOneShardPerBatch() throws Exception {
        ClickHouseCluster cluster = CLUSTER.server();
        String table = distributedDim(cluster, "murmurHash3_64(k)");
        for (ClickHouseServer shard : cluster.shards()) {
            assertThat(shard.queryText("SELECT count() FROM default." + table + "_local").strip())
                    .as("the rows are spread over both shards")
                    .isNotEqualTo("0");
        }
        FlinkSql sql = FlinkSql.streaming().parallelism(1);
        sql.executeScript(
                ddl(
                                cluster.shard(0).httpUrl(),
                                table,
                                ", 'lookup.async' = 'true', 'lookup.batch.max-size' = '1000',"
                                        + " 'lookup.batch.max-delay' = '2 s'")
                        + probe(20, 20));
        assertThat(sorted(sql.collect(JOIN))).isEqualTo(expectedDistributedJoin());
        for (ClickHouseServer shard : cluster.shards()) {
            assertThat(reads(shard, table + "_local", 1)).as("reads of %s", shard).isEqualTo(1);
        }
        assertThat(reads(cluster.shard(0), table))
                .as("reads through the Distributed table")
                .isZero();
    }

    @Test
    void aTableShardedByOtherColumnsIsReadThroughTheDistributedTable() throws Exception {
        ClickHouseCluster cluster = CLUSTER.server();
        String table = distributedDim(cluster, "rand()");
        FlinkSql sql = FlinkSql.streaming().parallelism(1);
        sql.executeScript(
                ddl(
                                cluster.shard(0).httpUrl(),
                                table,
                                ", 'lookup.async' = 'true', 'lookup.batch.max-size' = '1000',"
                                        + " 'lookup.batch.max-delay' = '2 s'")
                        + probe(20, 20));
        assertThat(sorted(sql.collect(JOIN))).isEqualTo(expectedDistributedJoin());
        assertThat(reads(cluster.shard(0), table, 1))
                .as("reads through the Distributed table")
                .isEqualTo(1);
    }

    /**
     * ReplacingMergeTree local tables under a Distributed table sharded by {@code rand()}: the
     * lookup reads the Distributed table with FINAL, so a key updated later shows its last row.
     */
    @Test
    void replacingLocalTablesAreReadWithFinalThroughTheDistributedTable() throws Exception {
        ClickHouseCluster cluster = CLUSTER.server();
        String table =
                distributedDim(cluster, "intHash64(toUInt64(length(k)))", "ReplacingMergeTree");
        // an update of k0 (same shard: the sharding value depends on the key only), not merged
        cluster.shard(0)
                .execute(
                        "INSERT INTO default." + table + " VALUES ('k0', -1, 'updated')",
                        Map.of("insert_distributed_sync", "1"));
        FlinkSql sql = FlinkSql.streaming().parallelism(1);
        sql.executeScript(
                ddl(
                                cluster.shard(0).httpUrl(),
                                table,
                                ", 'lookup.async' = 'true', 'lookup.batch.max-size' = '1000',"
                                        + " 'lookup.batch.max-delay' = '2 s'")
                        + probe(20, 20));
        List<String> expected = new ArrayList<>(expectedDistributedJoin());
        expected.replaceAll(row -> row.equals("+I[20, k0, 0]") ? "+I[20, k0, -1]" : row);
        assertThat(sorted(sql.collect(JOIN))).isEqualTo(expected);
    }

    @Test
    void aColumnTypeThatCannotHoldTheValuesIsRefusedAtPlanning() {
        ClickHouseServer server = CLICKHOUSE.server();
        String table = "narrow" + TABLES.incrementAndGet();
        server.execute(
                "CREATE TABLE default."
                        + table
                        + " (k String, v Int64) ENGINE = MergeTree ORDER BY k");
        FlinkSql sql = FlinkSql.streaming().parallelism(1);
        sql.executeScript(
                "CREATE TEMPORARY TABLE dim (k STRING, v INT) WITH ('connector' = 'clickhouse',"
                        + " 'url' = '"
                        + server.httpUrl()
                        + "', 'table-name' = '"
                        + table
                        + "');"
                        + probe(2, 2));
        assertThatThrownBy(() -> sql.collect(JOIN))
                .hasStackTraceContaining("Column 'v'")
                .hasStackTraceContaining("Int64")
                .hasStackTraceContaining("INT");
    }
}
