package dev.flinkext.connector.clickhouse.table;

import dev.flinkext.testing.clickhouse.ClickHouseServer;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code 'connector' = 'clickhouse'} from SQL: INSERT INTO ... SELECT into a real 18.16 table. */
class ClickHouseSinkSqlTest {

    @RegisterExtension
    static final ClickHouseServerExtension CLICKHOUSE = new ClickHouseServerExtension();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static String ddl(String name, String columns, String table, String options) {
        return "CREATE TABLE "
                + name
                + " ("
                + columns
                + ") WITH ('connector' = 'clickhouse', 'url' = '"
                + CLICKHOUSE.server().httpUrl()
                + "', 'table-name' = '"
                + table
                + "'"
                + options
                + ");";
    }

    @Test
    void insertIntoSelectWritesTheExactRows() {
        ClickHouseServer server = CLICKHOUSE.server();
        server.execute("CREATE DATABASE IF NOT EXISTS sqldb");
        server.execute(
                "CREATE TABLE sqldb.events (k String, n UInt32, amount Nullable(Decimal(10, 2)),"
                        + " day Date, kind Enum8('click' = 1, 'view' = 2),"
                        + " inserted Date DEFAULT toDate('2001-02-03'))"
                        + " ENGINE = MergeTree ORDER BY (k, n)");
        FlinkSql.streaming()
                .executeScript(
                        ddl(
                                        "events",
                                        "k STRING, n BIGINT, amount DECIMAL(10, 2), `day` DATE,"
                                                + " kind STRING",
                                        "events",
                                        ", 'database-name' = 'sqldb',"
                                                + " 'sink.buffer-flush.max-rows' = '2',"
                                                + " 'sink.buffer-flush.interval' = '0s',"
                                                + " 'sink.max-retries' = '1',"
                                                + " 'sink.parallelism' = '2',"
                                                + " 'properties.max_insert_block_size' = '1000'")
                                + "INSERT INTO events SELECT k, n, amount, `day`, kind FROM"
                                + " (VALUES ('a', 1, CAST(1.50 AS DECIMAL(10, 2)),"
                                + " DATE '2024-02-29', 'click'),"
                                + " ('b', 4294967295, CAST(NULL AS DECIMAL(10, 2)),"
                                + " DATE '1970-01-02', 'view'),"
                                + " ('日本', 0, CAST(-99999999.99 AS DECIMAL(10, 2)),"
                                + " DATE '2105-12-31', 'click'))"
                                + " AS s(k, n, amount, `day`, kind);");
        assertThat(server.query("SELECT * FROM sqldb.events ORDER BY k"))
                .containsExactly(
                        List.of("a", "1", "1.50", "2024-02-29", "click", "2001-02-03"),
                        java.util.Arrays.asList(
                                "b", "4294967295", null, "1970-01-02", "view", "2001-02-03"),
                        List.of("日本", "0", "-99999999.99", "2105-12-31", "click", "2001-02-03"));
    }

    @Test
    void theDdlIsCheckedAgainstTheTableAtPlanningTime() {
        ClickHouseServer server = CLICKHOUSE.server();
        server.execute(
                "CREATE TABLE default.checked (k String, n UInt8) ENGINE = MergeTree ORDER BY k");
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                ddl("t", "k STRING, n DOUBLE", "checked", "")
                                                        + "INSERT INTO t VALUES ('a', 1.0);"))
                .hasStackTraceContaining(
                        "Column 'n' of Flink type DOUBLE cannot be written to column 'n' of type"
                                + " UInt8 of ClickHouse table 'default.checked' at "
                                + server.httpUrl());
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                ddl(
                                                                "t2",
                                                                "k STRING",
                                                                "checked",
                                                                ", 'sink.bogus' = '1'")
                                                        + "INSERT INTO t2 VALUES ('a');"))
                .hasStackTraceContaining("Unsupported options")
                .hasStackTraceContaining("sink.bogus");
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                ddl(
                                                                "t3",
                                                                "k STRING, n INT",
                                                                "checked",
                                                                ", 'sink.buffer-flush.max-rows'"
                                                                        + " = '0'")
                                                        + "INSERT INTO t3 VALUES ('a', 1);"))
                .hasStackTraceContaining("'sink.buffer-flush.max-rows': 0");
    }

    @Test
    void anUpdatingQueryWithoutPrimaryKeyIsRefusedAtPlanningTime() {
        CLICKHOUSE
                .server()
                .execute(
                        "CREATE TABLE default.counts (k String, c Int64)"
                                + " ENGINE = MergeTree ORDER BY k");
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                ddl("c", "k STRING, c BIGINT", "counts", "")
                                                        + "INSERT INTO c SELECT k, COUNT(*) FROM"
                                                        + " (VALUES ('a'), ('a')) AS s(k)"
                                                        + " GROUP BY k;"))
                .hasStackTraceContaining(
                        "ClickHouse table 'default.counts' at "
                                + CLICKHOUSE.server().httpUrl()
                                + " (engine MergeTree ORDER BY k")
                .hasStackTraceContaining("cannot take an updating query without a PRIMARY KEY");
    }
}
