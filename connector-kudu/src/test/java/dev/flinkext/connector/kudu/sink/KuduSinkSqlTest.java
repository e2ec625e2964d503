package dev.flinkext.connector.kudu.sink;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.FlinkVersion;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.kudu.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.flinkext.connector.kudu.KuduTestTables.create;
import static dev.flinkext.connector.kudu.KuduTestTables.key;
import static dev.flinkext.connector.kudu.KuduTestTables.notNull;
import static dev.flinkext.connector.kudu.KuduTestTables.nullable;
import static dev.flinkext.connector.kudu.KuduTestTables.scan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sink semantics through SQL, asserted on what the Kudu table holds. */
class KuduSinkSqlTest {

    @RegisterExtension static final KuduClusterExtension KUDU = new KuduClusterExtension();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static String ddl(String name, String columns, String table, String options) {
        return "CREATE TABLE "
                + name
                + " ("
                + columns
                + ") WITH ('connector' = 'kudu', 'masters' = '"
                + KUDU.masterAddresses()
                + "', 'table-name' = '"
                + table
                + "'"
                + options
                + ");";
    }

    private static List<String> rows(String table) throws Exception {
        return scan(
                        KUDU.client(),
                        table,
                        r ->
                                r.getString("k")
                                        + "="
                                        + r.getLong("cnt")
                                        + (r.getSchema().hasColumn("total")
                                                ? "/"
                                                        + (r.isNull("total")
                                                                ? "null"
                                                                : r.getLong("total"))
                                                : ""))
                .stream()
                .sorted()
                .toList();
    }

    private static final String VALUES =
            "(VALUES ('a', 1), ('b', 2), ('a', 3), ('c', 4), ('a', 5), ('b', 6), ('d',"
                    + " CAST(NULL AS INT))) AS s(k, v)";

    @Test
    void groupByChangelogLeavesTheFinalAggregatesRowByRow() throws Exception {
        create(
                KUDU.client(),
                "agg_each",
                key("k", Type.STRING),
                notNull("cnt", Type.INT64),
                nullable("total", Type.INT64));
        FlinkSql.streaming()
                .executeScript(
                        ddl(
                                        "t",
                                        "k STRING, cnt BIGINT, total BIGINT,"
                                                + " PRIMARY KEY (k) NOT ENFORCED",
                                        "agg_each",
                                        ", 'sink.buffer-flush.max-rows' = '1'")
                                + "INSERT INTO t SELECT k, COUNT(*), SUM(v) FROM "
                                + VALUES
                                + " GROUP BY k;");
        assertThat(rows("agg_each")).containsExactly("a=3/9", "b=2/8", "c=1/4", "d=1/null");
    }

    @Test
    void groupByChangelogReducedInTheBuffer() throws Exception {
        create(
                KUDU.client(),
                "agg_reduced",
                key("k", Type.STRING),
                notNull("cnt", Type.INT64),
                nullable("total", Type.INT64));
        FlinkSql.streaming()
                .parallelism(1)
                .executeScript(
                        ddl(
                                        "t",
                                        "k STRING, cnt BIGINT, total BIGINT,"
                                                + " PRIMARY KEY (k) NOT ENFORCED",
                                        "agg_reduced",
                                        ", 'sink.buffer-flush.interval' = '0'")
                                + "INSERT INTO t SELECT k, COUNT(*), SUM(v) FROM "
                                + VALUES
                                + " GROUP BY k;");
        assertThat(rows("agg_reduced")).containsExactly("a=3/9", "b=2/8", "c=1/4", "d=1/null");
    }

    @Test
    void aFilterThatRetractsRowsDeletesThem() throws Exception {
        create(KUDU.client(), "retracted", key("k", Type.STRING), nullable("cnt", Type.INT64));
        // a key leaves the result when its count reaches 2: the sink gets a DELETE for it
        FlinkSql.streaming()
                .executeScript(
                        ddl(
                                        "t",
                                        "k STRING, cnt BIGINT, PRIMARY KEY (k) NOT ENFORCED",
                                        "retracted",
                                        ", 'sink.buffer-flush.max-rows' = '1'")
                                + "INSERT INTO t SELECT k, cnt FROM (SELECT k, COUNT(*) AS cnt"
                                + " FROM "
                                + VALUES
                                + " GROUP BY k) WHERE cnt < 2;");
        assertThat(rows("retracted")).containsExactly("c=1", "d=1");
    }

    @Test
    void upsertReplacesExistingRows() throws Exception {
        create(KUDU.client(), "replaced", key("k", Type.STRING), nullable("cnt", Type.INT64));
        String ddl = ddl("t", "k STRING, cnt BIGINT, PRIMARY KEY (k) NOT ENFORCED", "replaced", "");
        FlinkSql.streaming()
                .executeScript(
                        ddl
                                + "INSERT INTO t VALUES ('a', 1), ('b', 2)"
                                + FlinkVersion.onConflictDeduplicate()
                                + ";");
        FlinkSql.streaming()
                .executeScript(
                        ddl
                                + "INSERT INTO t VALUES ('b', 20), ('c', 30)"
                                + FlinkVersion.onConflictDeduplicate()
                                + ";");
        assertThat(rows("replaced")).containsExactly("a=1", "b=20", "c=30");
    }

    @Test
    void aValueOutOfTheKuduColumnsRangeFailsNamingTheRow() throws Exception {
        create(KUDU.client(), "narrow", key("id", Type.INT64), nullable("n", Type.INT32));
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                ddl(
                                                                "t",
                                                                "id BIGINT, n BIGINT,"
                                                                        + " PRIMARY KEY (id) NOT ENFORCED",
                                                                "narrow",
                                                                "")
                                                        + "INSERT INTO t VALUES (1, 5),"
                                                        + " (2, 4294967296)"
                                                        + FlinkVersion.onConflictDeduplicate()
                                                        + ";"))
                .hasStackTraceContaining(
                        "Kudu table 'narrow' cannot take the row with key (int64 id=2) to UPSERT:"
                                + " Value 4294967296 of column 'n' is out of the Kudu column's"
                                + " range [-2147483648, 2147483647]");
    }

    @Test
    void nullIntoANotNullColumnFailsNamingTheRow() throws Exception {
        create(KUDU.client(), "strict", key("id", Type.INT64), notNull("n", Type.INT32));
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                ddl(
                                                                "t",
                                                                "id BIGINT, n INT,"
                                                                        + " PRIMARY KEY (id) NOT ENFORCED",
                                                                "strict",
                                                                "")
                                                        + "INSERT INTO t VALUES (7,"
                                                        + " CAST(NULL AS INT))"
                                                        + FlinkVersion.onConflictDeduplicate()
                                                        + ";"))
                .hasStackTraceContaining(
                        "Kudu table 'strict' cannot take the row with key (int64 id=7) to UPSERT:"
                                + " NULL for column 'n', which is INT32 NOT NULL in Kudu");
    }

    @Test
    void aRowErrorOfKuduFailsNamingTheRowAndKudusMessage() throws Exception {
        create(KUDU.client(), "cells", key("id", Type.INT64), nullable("s", Type.STRING));
        // Kudu refuses cells above --max_cell_size_bytes (64 KiB by default) per row
        assertThatThrownBy(
                        () ->
                                FlinkSql.streaming()
                                        .executeScript(
                                                ddl(
                                                                "t",
                                                                "id BIGINT, s STRING,"
                                                                        + " PRIMARY KEY (id) NOT ENFORCED",
                                                                "cells",
                                                                "")
                                                        + "INSERT INTO t VALUES (1, 'ok'),"
                                                        + " (42, REPEAT('x', 70000))"
                                                        + FlinkVersion.onConflictDeduplicate()
                                                        + ";"))
                .hasStackTraceContaining(
                        "Kudu rejected UPSERT of the row with key (int64 id=42) in Kudu table"
                                + " 'cells' on masters "
                                + KUDU.masterAddresses())
                .hasStackTraceContaining("value too large");
    }
}
