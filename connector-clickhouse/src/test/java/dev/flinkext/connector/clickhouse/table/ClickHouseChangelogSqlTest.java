package dev.flinkext.connector.clickhouse.table;

import dev.flinkext.testing.clickhouse.ClickHouseServer;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.FlinkVersion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Changelogs from Flink SQL (a GROUP BY, a filter over it that retracts rows) into real 18.16
 * ReplacingMergeTree, CollapsingMergeTree and VersionedCollapsingMergeTree tables: after {@code
 * FINAL} the table holds exactly the query's final rows. Batches of 2 rows, so a key's changes span
 * batches.
 */
class ClickHouseChangelogSqlTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    /** 13 events over keys a..e: a ×4, b ×3, c ×1, d ×2, e ×3. */
    private static final String EVENTS =
            "(VALUES ('a', 1), ('b', 10), ('a', 2), ('c', 100), ('d', 5), ('b', 20), ('a', 3),"
                    + " ('e', 7), ('d', 6), ('e', 8), ('b', 30), ('a', 4), ('e', 9)) AS s(k, n)";

    private static String ddl(String name, String columns, String table, String options) {
        return "CREATE TABLE "
                + name
                + " ("
                + columns
                + ") WITH ('connector' = 'clickhouse', 'url' = '"
                + CLICKHOUSE.server().httpUrl()
                + "', 'table-name' = '"
                + table
                + "', 'sink.buffer-flush.max-rows' = '2', 'sink.buffer-flush.interval' = '0s'"
                + options
                + ");";
    }

    @Test
    void replacingMergeTreeTakesAGroupByWithVersionsFilledByTheSink() {
        ClickHouseServer server = CLICKHOUSE.server();
        server.execute(
                "CREATE TABLE default.rep_counts (k String, c Int64, total Int64, ver UInt64)"
                        + " ENGINE = ReplacingMergeTree(ver) ORDER BY k");
        long startMicros = System.currentTimeMillis() * 1000L;
        FlinkSql.streaming()
                .executeScript(
                        ddl(
                                        "counts",
                                        "k STRING, c BIGINT, total BIGINT,"
                                                + " PRIMARY KEY (k) NOT ENFORCED",
                                        "rep_counts",
                                        ", 'sink.parallelism' = '2'")
                                + "INSERT INTO counts SELECT k, COUNT(*), SUM(n) FROM "
                                + EVENTS
                                + " GROUP BY k;");
        // the versions increase with the changes of a key (parts not merged yet show it)
        assertThat(
                        server.query(
                                "SELECT k FROM default.rep_counts GROUP BY k"
                                        + " HAVING argMax(c, ver) != max(c)"))
                .isEmpty();
        List<List<String>> expected =
                List.of(
                        List.of("a", "4", "10"),
                        List.of("b", "3", "60"),
                        List.of("c", "1", "100"),
                        List.of("d", "2", "11"),
                        List.of("e", "3", "24"));
        assertThat(server.query("SELECT k, c, total FROM default.rep_counts FINAL ORDER BY k"))
                .isEqualTo(expected);
        server.execute("OPTIMIZE TABLE default.rep_counts FINAL");
        assertThat(server.query("SELECT k, c, total FROM default.rep_counts ORDER BY k"))
                .isEqualTo(expected);
        long afterMicros = System.currentTimeMillis() * 1000L;
        assertThat(
                        server.query(
                                "SELECT count() FROM default.rep_counts WHERE ver < "
                                        + startMicros
                                        + " OR ver > "
                                        + afterMicros))
                .containsExactly(List.of("0"));

        // a new job (a new writer, as after a restart): its versions are higher, so it wins
        FlinkSql.streaming()
                .executeScript(
                        ddl(
                                        "counts",
                                        "k STRING, c BIGINT, total BIGINT,"
                                                + " PRIMARY KEY (k) NOT ENFORCED",
                                        "rep_counts",
                                        "")
                                + "INSERT INTO counts SELECT k, c, total FROM"
                                + " (VALUES ('a', CAST(100 AS BIGINT), CAST(1000 AS BIGINT)))"
                                + " AS s(k, c, total)"
                                + FlinkVersion.onConflictDeduplicate()
                                + ";");
        assertThat(
                        server.query(
                                "SELECT k, c, total FROM default.rep_counts FINAL"
                                        + " WHERE k = 'a'"))
                .containsExactly(List.of("a", "100", "1000"));
    }

    @Test
    void replacingMergeTreeTakesTheVersionFromTheRowWhenTheDdlHasIt() {
        ClickHouseServer server = CLICKHOUSE.server();
        server.execute(
                "CREATE TABLE default.rep_user (k String, last Int64, ver UInt64)"
                        + " ENGINE = ReplacingMergeTree(ver) ORDER BY k");
        // the version is the count: a wrong (decreasing) version would make an older row win
        FlinkSql.streaming()
                .executeScript(
                        ddl(
                                        "latest",
                                        "k STRING, `last` BIGINT, ver BIGINT,"
                                                + " PRIMARY KEY (k) NOT ENFORCED",
                                        "rep_user",
                                        "")
                                + "INSERT INTO latest SELECT k, MAX(n), 100 - COUNT(*) FROM "
                                + EVENTS
                                + " GROUP BY k;");
        // versions from the row: the first change of each key (highest version) wins
        assertThat(server.query("SELECT k, last, ver FROM default.rep_user FINAL ORDER BY k"))
                .containsExactly(
                        List.of("a", "1", "99"),
                        List.of("b", "10", "99"),
                        List.of("c", "100", "99"),
                        List.of("d", "5", "99"),
                        List.of("e", "7", "99"));
    }

    @Test
    void replacingMergeTreeWithoutIsDeletedRefusesDeletesUnlessTheyAreIgnored() {
        ClickHouseServer server = CLICKHOUSE.server();
        server.execute(
                "CREATE TABLE default.rep_small (k String, c Int64, ver UInt64)"
                        + " ENGINE = ReplacingMergeTree(ver) ORDER BY k");
        server.execute(
                "CREATE TABLE default.rep_buckets (c Int64, n Int64, ver UInt64)"
                        + " ENGINE = ReplacingMergeTree(ver) ORDER BY c");
        String where =
                "ClickHouse table 'default.rep_small' at "
                        + server.httpUrl()
                        + " (engine ReplacingMergeTree(ver) ORDER BY k";
        // a query that deletes (an aggregate over an aggregate): refused at planning time
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                ddl(
                                                                "hist",
                                                                "c BIGINT, n BIGINT,"
                                                                        + " PRIMARY KEY (c) NOT"
                                                                        + " ENFORCED",
                                                                "rep_buckets",
                                                                "")
                                                        + "INSERT INTO hist SELECT c,"
                                                        + " COUNT(*) FROM (SELECT k, COUNT(*)"
                                                        + " AS c FROM "
                                                        + EVENTS
                                                        + " GROUP BY k) GROUP BY c;"))
                .hasStackTraceContaining(
                        "ClickHouse table 'default.rep_buckets' at "
                                + server.httpUrl()
                                + " (engine ReplacingMergeTree(ver) ORDER BY c")
                .hasStackTraceContaining("cannot apply DELETE rows")
                .hasStackTraceContaining("no is_deleted parameter")
                .hasStackTraceContaining("'sink.ignore-delete'");
        assertThat(server.query("SELECT count() FROM default.rep_buckets"))
                .containsExactly(List.of("0"));
        String query =
                "INSERT INTO small SELECT k, c FROM (SELECT k, COUNT(*) AS c FROM "
                        + EVENTS
                        + " GROUP BY k) WHERE c < 3;";
        // a filter retracting keys: Flink sends UPDATE_BEFORE rows, known only when they come
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                ddl(
                                                                "small",
                                                                "k STRING, c BIGINT,"
                                                                        + " PRIMARY KEY (k) NOT"
                                                                        + " ENFORCED",
                                                                "rep_small",
                                                                ", 'sink.max-retries' = '0'")
                                                        + query))
                .hasStackTraceContaining(where)
                .hasStackTraceContaining("cannot apply DELETE rows")
                .hasStackTraceContaining("'sink.ignore-delete'");

        server.execute("TRUNCATE TABLE default.rep_small");
        FlinkSql.streaming()
                .executeScript(
                        ddl(
                                        "small",
                                        "k STRING, c BIGINT, PRIMARY KEY (k) NOT ENFORCED",
                                        "rep_small",
                                        ", 'sink.ignore-delete' = 'true'")
                                + query);
        // a, b and e reached 3 and were retracted: their deletes dropped, they keep c = 2
        assertThat(server.query("SELECT k, c FROM default.rep_small FINAL ORDER BY k"))
                .containsExactly(
                        List.of("a", "2"),
                        List.of("b", "2"),
                        List.of("c", "1"),
                        List.of("d", "2"),
                        List.of("e", "2"));
    }

    @Test
    void collapsingMergeTreeTakesAGroupByAndAFilterThatRetractsRows() {
        ClickHouseServer server = CLICKHOUSE.server();
        server.execute(
                "CREATE TABLE default.col_counts (k String, c Int64, total Int64, sign Int8)"
                        + " ENGINE = CollapsingMergeTree(sign) ORDER BY k");
        FlinkSql.streaming()
                .executeScript(
                        ddl(
                                        "counts",
                                        "k STRING, c BIGINT, total BIGINT,"
                                                + " PRIMARY KEY (k) NOT ENFORCED",
                                        "col_counts",
                                        ", 'sink.parallelism' = '2',"
                                                + " 'sink.max-in-flight-batches' = '3'")
                                + "INSERT INTO counts SELECT k, c, total FROM (SELECT k,"
                                + " COUNT(*) AS c, SUM(n) AS total FROM "
                                + EVENTS
                                + " GROUP BY k) WHERE c < 3;");
        // the sign rows are all there: what is left after cancelling +1 against -1
        assertThat(
                        server.query(
                                "SELECT k, c, total FROM default.col_counts GROUP BY k, c, total"
                                        + " HAVING sum(sign) != 0 ORDER BY k"))
                .containsExactly(List.of("c", "1", "100"), List.of("d", "2", "11"));
        List<List<String>> expected = List.of(List.of("c", "1", "100"), List.of("d", "2", "11"));
        assertThat(server.query("SELECT k, c, total FROM default.col_counts FINAL ORDER BY k"))
                .isEqualTo(expected);
        server.execute("OPTIMIZE TABLE default.col_counts FINAL");
        assertThat(server.query("SELECT k, c, total FROM default.col_counts ORDER BY k"))
                .isEqualTo(expected);
    }

    @Test
    void versionedCollapsingMergeTreeTakesAGroupBy() {
        ClickHouseServer server = CLICKHOUSE.server();
        server.execute(
                "CREATE TABLE default.vcol_counts (k String, total Int64, v UInt64, sign Int8)"
                        + " ENGINE = VersionedCollapsingMergeTree(sign, v) ORDER BY k");
        FlinkSql.streaming()
                .executeScript(
                        ddl(
                                        "counts",
                                        "k STRING, total BIGINT, v BIGINT,"
                                                + " PRIMARY KEY (k) NOT ENFORCED",
                                        "vcol_counts",
                                        ", 'sink.max-in-flight-batches' = '3'")
                                + "INSERT INTO counts SELECT k, SUM(n), COUNT(*) FROM "
                                + EVENTS
                                + " GROUP BY k;");
        List<List<String>> expected =
                List.of(
                        List.of("a", "10", "4"),
                        List.of("b", "60", "3"),
                        List.of("c", "100", "1"),
                        List.of("d", "11", "2"),
                        List.of("e", "24", "3"));
        assertThat(server.query("SELECT k, total, v FROM default.vcol_counts FINAL ORDER BY k"))
                .isEqualTo(expected);
        server.execute("OPTIMIZE TABLE default.vcol_counts FINAL");
        assertThat(server.query("SELECT k, total, v FROM default.vcol_counts ORDER BY k"))
                .isEqualTo(expected);
    }

    @Test
    void planningErrorsNameTheTableTheEngineAndWhatIsMissing() {
        ClickHouseServer server = CLICKHOUSE.server();
        server.execute(
                "CREATE TABLE default.plain (k String, c Int64) ENGINE = MergeTree ORDER BY k");
        server.execute(
                "CREATE TABLE default.col_bad (k String, j String, c Int64, sign Int8)"
                        + " ENGINE = CollapsingMergeTree(sign) ORDER BY (k, j)");
        String groupBy = " SELECT k, COUNT(*) FROM " + EVENTS + " GROUP BY k;";
        String at = " at " + server.httpUrl();
        // no PRIMARY KEY
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                ddl("t1", "k STRING, c BIGINT", "plain", "")
                                                        + "INSERT INTO t1"
                                                        + groupBy))
                .hasStackTraceContaining(
                        "ClickHouse table 'default.plain'" + at + " (engine MergeTree ORDER BY k")
                .hasStackTraceContaining("without a PRIMARY KEY")
                .hasStackTraceContaining("[k]");
        // an engine that neither replaces nor collapses
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                ddl(
                                                                "t2",
                                                                "k STRING, c BIGINT, PRIMARY"
                                                                        + " KEY (k) NOT ENFORCED",
                                                                "plain",
                                                                "")
                                                        + "INSERT INTO t2"
                                                        + groupBy))
                .hasStackTraceContaining("'default.plain'" + at + " (engine MergeTree")
                .hasStackTraceContaining("its engine MergeTree neither replaces nor collapses");
        // a strategy the engine does not have
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                ddl(
                                                                "t3",
                                                                "k STRING, c BIGINT, PRIMARY"
                                                                        + " KEY (k) NOT ENFORCED",
                                                                "plain",
                                                                ", 'sink.upsert-strategy' ="
                                                                        + " 'replacing'")
                                                        + "INSERT INTO t3"
                                                        + groupBy))
                .hasStackTraceContaining("'sink.upsert-strategy' = 'replacing' needs a")
                .hasStackTraceContaining("ReplacingMergeTree table, not MergeTree");
        // the PRIMARY KEY is not the ORDER BY
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                ddl(
                                                                "t4",
                                                                "k STRING, c BIGINT, PRIMARY"
                                                                        + " KEY (k) NOT ENFORCED",
                                                                "col_bad",
                                                                "")
                                                        + "INSERT INTO t4"
                                                        + groupBy))
                .hasStackTraceContaining("'default.col_bad'" + at + " (engine CollapsingMergeTree")
                .hasStackTraceContaining(
                        "the PRIMARY KEY [k] must be the table's ORDER BY" + " columns [k, j]");
        // the sign column in the DDL
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                ddl(
                                                                "t5",
                                                                "k STRING, j STRING, c BIGINT,"
                                                                        + " sign TINYINT,"
                                                                        + " PRIMARY KEY (k, j)"
                                                                        + " NOT ENFORCED",
                                                                "col_bad",
                                                                "")
                                                        + "INSERT INTO t5 SELECT k, k,"
                                                        + " COUNT(*), CAST(1 AS TINYINT) FROM "
                                                        + EVENTS
                                                        + " GROUP BY k;"))
                .hasStackTraceContaining("the sign column 'sign' is written by the sink");
        // (mutations: ClickHouseMutationsSqlTest)
        assertThat(server.query("SELECT count() FROM default.plain")).containsExactly(List.of("0"));
    }
}
