package dev.flinkext.connector.clickhouse.table;

import dev.flinkext.testing.clickhouse.ClickHouseCluster;
import dev.flinkext.testing.clickhouse.ClickHouseClusterExtension;
import dev.flinkext.testing.clickhouse.ClickHouseServer;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.types.Row;
import org.apache.flink.util.ExceptionUtils;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bounded scans through SQL against real 18.16 servers: a table partitioned by month read as one
 * split per partition, at parallelism 2, every row once; projection, COUNT(*), limit; a
 * ReplacingMergeTree read FINAL; a table of no partitions; a Distributed table over two shards
 * (weights 1:2) read from each shard's local table, never through the Distributed table. What each
 * split asked is read back from the server's query log ({@code properties.log_queries}).
 */
class ClickHouseScanSqlTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    @RegisterExtension
    static final ClickHouseClusterExtension CLUSTER =
            new ClickHouseClusterExtension().shardWeights(1, 2);

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final AtomicInteger TABLES = new AtomicInteger();

    /** Rows of the events tables: 3 months of 2024, 900 rows. */
    private static final int ROWS = 900;

    private static final String COLUMNS =
            "id BIGINT, d DATE, `user` STRING, amount DECIMAL(18, 4), score DOUBLE";

    private static final String CH_COLUMNS =
            "(id Int64, d Date, user String, amount Decimal(18, 4), score Nullable(Float64))";

    private static LocalDate day(long id) {
        return LocalDate.of(2024, 1, 1).plusDays(id % 90);
    }

    private static String user(long id) {
        return "u" + (id * 7919 % 37) + (id % 11 == 0 ? "-ü'\\" : "");
    }

    private static String amount(long id) {
        return id * 37 % 1000 + "." + String.format("%04d", id % 10000);
    }

    /** TabSeparated rows of {@link #CH_COLUMNS} (score NULL for every 5th id). */
    private static String events() {
        StringBuilder tsv = new StringBuilder();
        for (long id = 0; id < ROWS; id++) {
            tsv.append(id)
                    .append('\t')
                    .append(day(id))
                    .append('\t')
                    .append(user(id).replace("\\", "\\\\").replace("'", "\\'"))
                    .append('\t')
                    .append(amount(id))
                    .append('\t')
                    .append(id % 5 == 0 ? "\\N" : Double.toString(id / 4.0))
                    .append('\n');
        }
        return tsv.toString();
    }

    private static String expectedRow(long id) {
        return Row.of(
                        id,
                        day(id),
                        user(id),
                        new java.math.BigDecimal(amount(id)).setScale(4),
                        id % 5 == 0 ? null : id / 4.0)
                .toString();
    }

    private static String events;

    @BeforeAll
    static void createEvents() {
        events = "events" + TABLES.incrementAndGet();
        ClickHouseServer server = CLICKHOUSE.server();
        server.execute(
                "CREATE TABLE default."
                        + events
                        + " "
                        + CH_COLUMNS
                        + " ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY id");
        // two inserts: a partition of several parts is still one split
        server.insert("INSERT INTO default." + events + " FORMAT TabSeparated", events());
        server.insert(
                "INSERT INTO default." + events + " FORMAT TabSeparated",
                "5000\t2024-02-10\textra\t1.5\t2.5\n");
        server.execute("ALTER TABLE default." + events + " DELETE WHERE id = 5000");
    }

    private static String ddl(String name, String url, String table, String columns, String more) {
        return "CREATE TEMPORARY TABLE "
                + name
                + " ("
                + columns
                + ") WITH ('connector' = 'clickhouse', 'url' = '"
                + url
                + "', 'table-name' = '"
                + table
                + "', 'properties.log_queries' = '1'"
                + more
                + ");";
    }

    private static FlinkSql sql(String ddl) {
        FlinkSql sql = FlinkSql.batch().parallelism(2);
        sql.executeScript(ddl);
        return sql;
    }

    private static List<String> sorted(List<Row> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.toString()));
        out.sort(null);
        return out;
    }

    /** A new events table of its own: its query log then holds one test's splits only. */
    private static String freshEvents(ClickHouseServer server) {
        String table = "events" + TABLES.incrementAndGet();
        server.execute(
                "CREATE TABLE default."
                        + table
                        + " "
                        + CH_COLUMNS
                        + " ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY id");
        server.insert("INSERT INTO default." + table + " FORMAT TabSeparated", events());
        return table;
    }

    @Test
    void readsEveryRowOnceWithOneSplitPerPartition() throws Exception {
        ClickHouseServer server = CLICKHOUSE.server();
        String table = freshEvents(server);
        FlinkSql sql = sql(ddl("ev", server.httpUrl(), table, COLUMNS, ""));

        List<String> expected = new ArrayList<>();
        for (long id = 0; id < ROWS; id++) {
            expected.add(expectedRow(id));
        }
        expected.sort(null);
        assertThat(sorted(sql.collect("SELECT * FROM ev"))).containsExactlyElementsOf(expected);

        List<String> splits = server.loggedSelectsOf(table, 3);
        assertThat(splits)
                .hasSize(3)
                .allMatch(q -> q.contains("ORDER BY `id`, `d`, `user`, `amount`, `score`"));
        assertThat(splits.stream().map(q -> q.replaceAll(".*_partition_id = '(\\d+)'.*", "$1")))
                .containsExactlyInAnyOrder("202401", "202402", "202403");
    }

    @Test
    void readsOnlyTheProjectedColumnsAndCountsWithoutAny() {
        FlinkSql sql = sql(ddl("ev", CLICKHOUSE.server().httpUrl(), events, COLUMNS, ""));

        List<Row> users = sql.collect("SELECT `user`, id FROM ev WHERE id < 3");
        assertThat(sorted(users))
                .containsExactly(
                        Row.of(user(0), 0L).toString(),
                        Row.of(user(1), 1L).toString(),
                        Row.of(user(2), 2L).toString());
        assertThat(sql.collect("SELECT COUNT(*) FROM ev")).containsExactly(Row.of((long) ROWS));
        assertThat(sql.collect("SELECT COUNT(*) FROM ev WHERE d >= DATE '2024-03-01'"))
                .containsExactly(
                        Row.of(
                                java.util.stream.LongStream.range(0, ROWS)
                                        .filter(id -> !day(id).isBefore(LocalDate.of(2024, 3, 1)))
                                        .count()));
    }

    @Test
    void pushesTheLimitIntoEverySplit() throws Exception {
        ClickHouseServer server = CLICKHOUSE.server();
        String table = freshEvents(server);
        FlinkSql sql = sql(ddl("ev", server.httpUrl(), table, COLUMNS, ""));

        assertThat(sql.collect("SELECT id FROM ev LIMIT 7")).hasSize(7);
        // each split that was read asked for at most 7 rows
        assertThat(server.loggedSelectsOf(table, 1))
                .isNotEmpty()
                .allMatch(q -> q.contains("LIMIT 0, 7"));
    }

    /**
     * Filters ClickHouse evaluates exactly go into each split's WHERE; the others stay in Flink.
     * Either way the rows are those the filter selects.
     */
    @Test
    void pushesTheFiltersClickHouseEvaluatesExactly() throws Exception {
        ClickHouseServer server = CLICKHOUSE.server();
        String table = freshEvents(server);
        FlinkSql sql = sql(ddl("ev", server.httpUrl(), table, COLUMNS, ""));

        List<Row> rows =
                sql.collect(
                        "SELECT id FROM ev WHERE amount > 500 AND `user` IN ('u1', 'u2', 'u3')"
                                + " AND d < DATE '2024-03-01' AND score IS NOT NULL"
                                + " AND CHAR_LENGTH(`user`) = 2");
        List<Long> expected = new ArrayList<>();
        for (long id = 0; id < ROWS; id++) {
            if (new java.math.BigDecimal(amount(id)).compareTo(java.math.BigDecimal.valueOf(500))
                            > 0
                    && List.of("u1", "u2", "u3").contains(user(id))
                    && day(id).isBefore(LocalDate.of(2024, 3, 1))
                    && id % 5 != 0) {
                expected.add(id);
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(rows.stream().map(r -> (Long) r.getField(0)).sorted().toList())
                .containsExactlyElementsOf(expected);

        List<String> splits = server.loggedSelectsOf(table, 3);
        assertThat(splits)
                .isNotEmpty()
                .allMatch(q -> q.contains("`amount` > "), "amount pushed")
                // the planner turns a short IN list into ORs of equalities
                .allMatch(q -> q.contains("(`user` = 'u1') OR (`user` = 'u2')"), "IN pushed")
                .allMatch(q -> q.contains("`d` < "), "date pushed")
                .allMatch(q -> q.contains("isNotNull(`score`)"), "IS NOT NULL pushed")
                .noneMatch(q -> q.contains("length"));

        // an OR over the Nullable score stays in Flink (ClickHouse's or(1, NULL) is NULL)
        List<Row> either = sql.collect("SELECT id FROM ev WHERE score > 200 OR id < 3");
        List<Long> expectedEither = new ArrayList<>();
        for (long id = 0; id < ROWS; id++) {
            if ((id % 5 != 0 && id / 4.0 > 200) || id < 3) {
                expectedEither.add(id);
            }
        }
        assertThat(either.stream().map(r -> (Long) r.getField(0)).sorted().toList())
                .containsExactlyElementsOf(expectedEither);
        assertThat(server.loggedSelectsOf(table)).noneMatch(q -> q.contains("`score` >"));
    }

    @Test
    void withoutExactResumeSplitsAreNotSorted() throws Exception {
        ClickHouseServer server = CLICKHOUSE.server();
        String table = freshEvents(server);
        FlinkSql sql =
                sql(ddl("ev", server.httpUrl(), table, COLUMNS, ", 'scan.exact-resume' = 'false'"));

        assertThat(sql.collect("SELECT id FROM ev")).hasSize(ROWS);
        assertThat(server.loggedSelectsOf(table, 3))
                .hasSize(3)
                .noneMatch(q -> q.contains("ORDER BY"));
    }

    @Test
    void readsAReplacingMergeTreeFinal() {
        ClickHouseServer server = CLICKHOUSE.server();
        String table = "replacing" + TABLES.incrementAndGet();
        server.execute(
                "CREATE TABLE default."
                        + table
                        + " (k String, v Int32, ver UInt32) ENGINE = ReplacingMergeTree(ver)"
                        + " ORDER BY k");
        // separate inserts: separate parts, not merged yet
        server.execute("INSERT INTO default." + table + " VALUES ('a', 1, 1), ('b', 1, 1)");
        server.execute("INSERT INTO default." + table + " VALUES ('a', 2, 2)");
        server.execute("INSERT INTO default." + table + " VALUES ('b', 0, 0)");
        FlinkSql sql = sql(ddl("r", server.httpUrl(), table, "k STRING, v INT", ""));

        assertThat(sorted(sql.collect("SELECT k, v FROM r")))
                .containsExactly(Row.of("a", 2).toString(), Row.of("b", 1).toString());
    }

    @Test
    void readsATableOfNoPartitionsAndAnEmptyOne() {
        ClickHouseServer server = CLICKHOUSE.server();
        String log = "log" + TABLES.incrementAndGet();
        server.execute("CREATE TABLE default." + log + " (k String, v Int32) ENGINE = TinyLog");
        server.execute("INSERT INTO default." + log + " VALUES ('a', 1), ('b', 2)");
        String empty = "empty" + TABLES.incrementAndGet();
        server.execute(
                "CREATE TABLE default."
                        + empty
                        + " (k String, v Int32) ENGINE = MergeTree"
                        + " ORDER BY k");
        FlinkSql sql =
                sql(
                        ddl("l", server.httpUrl(), log, "k STRING, v INT", "")
                                + ddl("e", server.httpUrl(), empty, "k STRING, v INT", ""));

        assertThat(sorted(sql.collect("SELECT * FROM l")))
                .containsExactly(Row.of("a", 1).toString(), Row.of("b", 2).toString());
        assertThat(sql.collect("SELECT * FROM e")).isEmpty();
    }

    @Test
    void readsADistributedTableFromEachShardsLocalTable() throws Exception {
        ClickHouseCluster cluster = CLUSTER.server();
        String name = "dist" + TABLES.incrementAndGet();
        cluster.executeOnAll(
                "CREATE TABLE default."
                        + name
                        + "_local "
                        + CH_COLUMNS
                        + " ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY id");
        cluster.createDistributed(name, name + "_local", "intHash64(id)");
        cluster.shard(0)
                .insert(
                        "INSERT INTO default." + name + " FORMAT TabSeparated",
                        events(),
                        Map.of("insert_distributed_sync", "1"));
        for (ClickHouseServer shard : cluster.shards()) {
            assertThat(shard.queryText("SELECT count() FROM default." + name + "_local").strip())
                    .as("rows on " + shard)
                    .isNotEqualTo("0");
        }
        FlinkSql sql = sql(ddl("ev", cluster.shard(0).httpUrl(), name, COLUMNS, ""));

        List<String> expected = new ArrayList<>();
        for (long id = 0; id < ROWS; id++) {
            expected.add(expectedRow(id));
        }
        expected.sort(null);
        assertThat(sorted(sql.collect("SELECT * FROM ev"))).containsExactlyElementsOf(expected);

        // 3 partitions on each shard, each read at its shard; nothing asked the Distributed table
        for (ClickHouseServer shard : cluster.shards()) {
            assertThat(shard.loggedSelectsOf(name + "_local", 3))
                    .as("splits of " + shard)
                    .hasSize(3);
            assertThat(shard.loggedSelectsOf(name)).as("reads of the Distributed table").isEmpty();
        }
    }

    /**
     * 18.16's error bodies are unreadable for client-v2: the scan still reports the server's text.
     */
    @Test
    void aServerErrorFailsTheScanWithTheServersMessage() {
        FlinkSql sql =
                sql(
                        ddl(
                                "ev",
                                CLICKHOUSE.server().httpUrl(),
                                events,
                                COLUMNS,
                                ", 'properties.max_rows_to_read' = '10'"));
        assertThatThrownBy(() -> sql.collect("SELECT * FROM ev"))
                .satisfies(
                        e ->
                                assertThat(
                                                ExceptionUtils.findThrowableWithMessage(
                                                        e, "Limit for rows to read exceeded"))
                                        .get()
                                        .extracting(Throwable::getMessage)
                                        .asString()
                                        .contains("`default`.`" + events + "`")
                                        .contains("Code: 158"));
    }

    @Test
    void refusesAScanParallelismBelowOne() {
        FlinkSql sql =
                sql(
                        ddl(
                                "ev",
                                CLICKHOUSE.server().httpUrl(),
                                events,
                                COLUMNS,
                                ", 'scan.parallelism' = '0'"));
        assertThatThrownBy(() -> sql.collect("SELECT * FROM ev"))
                .hasRootCauseInstanceOf(ValidationException.class)
                .rootCause()
                .hasMessageContaining("'scan.parallelism'")
                .hasMessageContaining("at least 1");
    }
}
