package dev.flinkext.connector.kudu.table;

import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.FlinkVersion;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.types.Row;

import org.apache.kudu.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.flinkext.connector.kudu.KuduTestTables.create;
import static dev.flinkext.connector.kudu.KuduTestTables.decimal;
import static dev.flinkext.connector.kudu.KuduTestTables.key;
import static dev.flinkext.connector.kudu.KuduTestTables.nullable;
import static dev.flinkext.connector.kudu.KuduTestTables.varchar;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every mapped type's edge values written by SQL and read back by a SQL scan: the scan returns
 * exactly what was written, in the DDL's natural types and in wider ones.
 */
class KuduScanTypesSqlTest {

    @RegisterExtension static final KuduClusterExtension KUDU = new KuduClusterExtension();

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final String TABLE = "scan_types";

    private static final String COLUMNS =
            "id INT, i8 TINYINT, i16 SMALLINT, i32 INT, i64 BIGINT, b BOOLEAN, f FLOAT, d DOUBLE,"
                    + " dec38 DECIMAL(38, 0), dec3838 DECIMAL(38, 38), dec102 DECIMAL(10, 2),"
                    + " s STRING, vc VARCHAR(5), bin BYTES, dt DATE, ts TIMESTAMP(6),"
                    + " ltz TIMESTAMP_LTZ(6)";

    private static final String NINES = "9".repeat(38);

    /** Minimums, maximums (non-ASCII text, all byte values) and a row of NULLs. */
    private static final String VALUES =
            "SELECT * FROM (VALUES "
                    + "(1, CAST(-128 AS TINYINT), CAST(-32768 AS SMALLINT), -2147483648,"
                    + " CAST('-9223372036854775808' AS BIGINT), false, CAST(-3.5 AS FLOAT),"
                    + " CAST('-1.7976931348623157E308' AS DOUBLE), CAST('-"
                    + NINES
                    + "' AS DECIMAL(38, 0)), CAST('-0."
                    + NINES
                    + "' AS DECIMAL(38, 38)), CAST('-99999999.99' AS DECIMAL(10, 2)), '', '',"
                    + " X'00017F80FF', DATE '0001-01-01', TIMESTAMP '0001-01-01 00:00:00.000000',"
                    + " TO_TIMESTAMP_LTZ(-62135596800000, 3)),"
                    + "(2, CAST(127 AS TINYINT), CAST(32767 AS SMALLINT), 2147483647,"
                    + " CAST('9223372036854775807' AS BIGINT), true, CAST(1.25E10 AS FLOAT),"
                    + " CAST('4.9E-324' AS DOUBLE), CAST('"
                    + NINES
                    + "' AS DECIMAL(38, 0)), CAST('0."
                    + NINES
                    + "' AS DECIMAL(38, 38)), CAST('99999999.99' AS DECIMAL(10, 2)),"
                    + " 'héllo wörld, 中文, 🎉', 'äö中文ß', X'FFFEFD', DATE '9999-12-31',"
                    + " TIMESTAMP '9999-12-31 23:59:59.999999', TO_TIMESTAMP_LTZ(1700000000123, 3)),"
                    + "(3, CAST(NULL AS TINYINT), CAST(NULL AS SMALLINT), CAST(NULL AS INT),"
                    + " CAST(NULL AS BIGINT), CAST(NULL AS BOOLEAN), CAST(NULL AS FLOAT),"
                    + " CAST(NULL AS DOUBLE), CAST(NULL AS DECIMAL(38, 0)),"
                    + " CAST(NULL AS DECIMAL(38, 38)), CAST(NULL AS DECIMAL(10, 2)),"
                    + " CAST(NULL AS STRING), CAST(NULL AS VARCHAR(5)), CAST(NULL AS BYTES),"
                    + " CAST(NULL AS DATE), CAST(NULL AS TIMESTAMP(6)),"
                    + " CAST(NULL AS TIMESTAMP_LTZ(6)))"
                    + ") AS v(id, i8, i16, i32, i64, b, f, d, dec38, dec3838, dec102, s, vc, bin,"
                    + " dt, ts, ltz)";

    private static FlinkSql sql(String name, String columns) {
        FlinkSql sql = FlinkSql.streaming();
        sql.set("table.local-time-zone", "Asia/Kolkata");
        sql.executeScript(
                "CREATE TABLE "
                        + name
                        + " ("
                        + columns
                        + ") WITH ('connector' = 'kudu', 'masters' = '"
                        + KUDU.masterAddresses()
                        + "', 'table-name' = '"
                        + TABLE
                        + "');");
        return sql;
    }

    private static List<String> sorted(List<Row> rows) {
        return rows.stream().map(Row::toString).sorted().toList();
    }

    @BeforeAll
    static void writeEdgeValues() throws Exception {
        create(
                KUDU.client(),
                TABLE,
                key("id", Type.INT32),
                nullable("i8", Type.INT8),
                nullable("i16", Type.INT16),
                nullable("i32", Type.INT32),
                nullable("i64", Type.INT64),
                nullable("b", Type.BOOL),
                nullable("f", Type.FLOAT),
                nullable("d", Type.DOUBLE),
                decimal("dec38", 38, 0),
                decimal("dec3838", 38, 38),
                decimal("dec102", 10, 2),
                nullable("s", Type.STRING),
                varchar("vc", 5),
                nullable("bin", Type.BINARY),
                nullable("dt", Type.DATE),
                nullable("ts", Type.UNIXTIME_MICROS),
                nullable("ltz", Type.UNIXTIME_MICROS));
        sql("t", COLUMNS + ", PRIMARY KEY (id) NOT ENFORCED")
                .executeScript(
                        "INSERT INTO t " + VALUES + FlinkVersion.onConflictDeduplicate() + ";");
    }

    @Test
    void aScanReturnsEveryTypeAsWritten() {
        FlinkSql sql = sql("t", COLUMNS);
        assertThat(sorted(sql.collect("SELECT * FROM t")))
                .isEqualTo(sorted(sql.collect(VALUES)))
                .hasSize(3);
    }

    @Test
    void widerDdlTypesReadTheSameValues() {
        FlinkSql sql =
                sql(
                        "w",
                        "id BIGINT, i8 BIGINT, i16 INT, dec102 DECIMAL(20, 2), vc STRING,"
                                + " ts TIMESTAMP(9), ltz TIMESTAMP_LTZ(9)");
        assertThat(sorted(sql.collect("SELECT id, i8, i16, dec102, vc, ts, ltz FROM w")))
                .isEqualTo(
                        sorted(
                                sql.collect(
                                        "SELECT CAST(id AS BIGINT), CAST(i8 AS BIGINT),"
                                                + " CAST(i16 AS INT),"
                                                + " CAST(dec102 AS DECIMAL(20, 2)),"
                                                + " CAST(vc AS STRING), CAST(ts AS TIMESTAMP(9)),"
                                                + " CAST(ltz AS TIMESTAMP_LTZ(9)) FROM ("
                                                + VALUES
                                                + ")")));
    }
}
