package dev.flinkext.connector.kudu.table;

import dev.flinkext.testing.flink.FlinkVersion;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.util.ExceptionUtils;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.flinkext.connector.kudu.KuduTestTables.create;
import static dev.flinkext.connector.kudu.KuduTestTables.decimal;
import static dev.flinkext.connector.kudu.KuduTestTables.key;
import static dev.flinkext.connector.kudu.KuduTestTables.notNull;
import static dev.flinkext.connector.kudu.KuduTestTables.nullable;
import static dev.flinkext.connector.kudu.KuduTestTables.varchar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The DDL is checked against the Kudu table while the INSERT (or SELECT) is planned ({@code
 * explainSql}: no job runs): missing columns, types that cannot hold the Kudu column, primary keys,
 * missing tables, bad options.
 */
class KuduPlanningErrorsTest {

    @RegisterExtension static final KuduClusterExtension KUDU = new KuduClusterExtension();

    private final TableEnvironment tEnv =
            TableEnvironment.create(EnvironmentSettings.inStreamingMode());

    @BeforeAll
    static void createTable() throws Exception {
        create(
                KUDU.client(),
                "planned",
                key("id", Type.INT64),
                key("region", Type.STRING),
                varchar("name", 10),
                decimal("amount", 10, 2),
                notNull("n", Type.INT32),
                nullable("seen", Type.UNIXTIME_MICROS),
                nullable("flag", Type.BOOL));
        create(
                KUDU.client(),
                "required",
                key("id", Type.INT64),
                new ColumnSchema.ColumnSchemaBuilder("must", Type.INT32).nullable(false).build(),
                new ColumnSchema.ColumnSchemaBuilder("defaulted", Type.INT32)
                        .nullable(false)
                        .defaultValue(7)
                        .build());
    }

    private String connection(String table) {
        return "'connector' = 'kudu', 'masters' = '"
                + KUDU.masterAddresses()
                + "', 'table-name' = '"
                + table
                + "'";
    }

    private String plan(String columns, String options) {
        tEnv.executeSql("DROP TABLE IF EXISTS t");
        tEnv.executeSql("DROP TABLE IF EXISTS src");
        tEnv.executeSql("CREATE TABLE t (" + columns + ") WITH (" + options + ")");
        tEnv.executeSql("CREATE TABLE src WITH ('connector' = 'datagen') LIKE t (EXCLUDING ALL)");
        return tEnv.explainSql(
                "INSERT INTO t SELECT * FROM src"
                        + (columns.contains("PRIMARY KEY")
                                ? FlinkVersion.onConflictDeduplicate()
                                : ""));
    }

    private String planError(String columns, String options) {
        Throwable error = assertThrows(Throwable.class, () -> plan(columns, options));
        return ExceptionUtils.stringifyException(error);
    }

    private static final String KEY = "id BIGINT, region STRING, ";
    private static final String PK = ", PRIMARY KEY (id, region) NOT ENFORCED";

    @Test
    void plansADdlThatFits() {
        // wider types that hold every Kudu value are accepted too; columns may be left out
        assertThat(
                        plan(
                                KEY
                                        + "name VARCHAR(20), amount DECIMAL(12, 2), n BIGINT,"
                                        + " seen TIMESTAMP_LTZ(6)"
                                        + PK,
                                connection("planned")))
                .contains("LogicalSink");
        assertThat(
                        plan(
                                "region STRING, id BIGINT, name VARCHAR(10), n INT,"
                                        + " seen TIMESTAMP(6), PRIMARY KEY (region, id) NOT"
                                        + " ENFORCED",
                                connection("planned")))
                .contains("LogicalSink");
    }

    @Test
    void missingColumnIsNamedWithTableAndMasters() {
        assertThat(planError(KEY + "nme VARCHAR(10), n INT" + PK, connection("planned")))
                .contains(
                        "Column 'nme' does not exist in Kudu table 'planned' on masters "
                                + KUDU.masterAddresses())
                .contains("name VARCHAR(10)");
    }

    @Test
    void columnNamesAreCaseSensitive() {
        assertThat(planError(KEY + "Name VARCHAR(10), n INT" + PK, connection("planned")))
                .contains("Column 'Name' does not exist")
                .contains("Kudu has 'name': names are case-sensitive");
    }

    @Test
    void typeThatCannotHoldTheKuduColumnNamesColumnAndBothTypes() {
        assertThat(planError(KEY + "n SMALLINT" + PK, connection("planned")))
                .contains(
                        "Column 'n' of type SMALLINT cannot hold Kudu column 'n' of type INT32"
                                + " NOT NULL")
                .contains("declare it as INT NOT NULL");
        assertThat(planError(KEY + "name VARCHAR(9), n INT" + PK, connection("planned")))
                .contains(
                        "Column 'name' of type VARCHAR(9) cannot hold Kudu column 'name' of"
                                + " type VARCHAR(10)");
        assertThat(planError(KEY + "amount DECIMAL(10, 3), n INT" + PK, connection("planned")))
                .contains(
                        "Column 'amount' of type DECIMAL(10, 3) cannot hold Kudu column"
                                + " 'amount' of type DECIMAL(10, 2)");
        assertThat(planError(KEY + "seen TIMESTAMP(3), n INT" + PK, connection("planned")))
                .contains(
                        "Column 'seen' of type TIMESTAMP(3) cannot hold Kudu column 'seen' of"
                                + " type UNIXTIME_MICROS");
        assertThat(planError(KEY + "flag STRING, n INT" + PK, connection("planned")))
                .contains(
                        "Column 'flag' of type STRING cannot hold Kudu column 'flag' of type BOOL");
        assertThat(planError("id INT, region STRING, n INT" + PK, connection("planned")))
                .contains(
                        "Column 'id' of type INT NOT NULL cannot hold Kudu column 'id' of type"
                                + " INT64 NOT NULL");
    }

    @Test
    void notNullColumnCannotHoldANullableKuduColumn() {
        assertThat(planError(KEY + "flag BOOLEAN NOT NULL, n INT" + PK, connection("planned")))
                .contains(
                        "Column 'flag' of type BOOLEAN NOT NULL cannot hold Kudu column 'flag'"
                                + " of type BOOL");
    }

    @Test
    void primaryKeyMustEqualKudusNamingBoth() {
        assertThat(
                        planError(
                                "id BIGINT, region STRING, n INT, PRIMARY KEY (id) NOT ENFORCED",
                                connection("planned")))
                .contains(
                        "The DDL's PRIMARY KEY (id) differs from the primary key (id, region)"
                                + " of Kudu table 'planned'");
        assertThat(planError(KEY + "n INT", connection("planned")))
                .contains("needs a PRIMARY KEY (id, region) NOT ENFORCED");
    }

    @Test
    void notNullKuduColumnWithoutDefaultMustBeDeclared() {
        assertThat(planError("id BIGINT, PRIMARY KEY (id) NOT ENFORCED", connection("required")))
                .contains("Kudu column 'must' of type INT32 NOT NULL has no default value")
                .doesNotContain("'defaulted'");
        assertThat(
                        plan(
                                "id BIGINT, must INT, PRIMARY KEY (id) NOT ENFORCED",
                                connection("required")))
                .contains("LogicalSink");
    }

    @Test
    void missingTableNamesTableAndMasters() {
        assertThat(planError(KEY + "n INT" + PK, connection("no_such_table")))
                .contains(
                        "Kudu table 'no_such_table' does not exist on masters "
                                + KUDU.masterAddresses());
    }

    @Test
    void badOptionsAreNamed() {
        assertThat(
                        planError(
                                KEY + "n INT" + PK,
                                connection("planned") + ", 'sink.ignore-not-fund' = 'true'"))
                .contains("sink.ignore-not-fund");
        assertThat(
                        planError(
                                KEY + "n INT" + PK,
                                connection("planned") + ", 'client.operation-timeout' = '0 s'"))
                .contains("Invalid value for option 'client.operation-timeout'");
        assertThat(
                        planError(
                                KEY + "n INT" + PK,
                                connection("planned") + ", 'sink.max-retries' = '-1'"))
                .contains("sink.max-retries");
        assertThat(planError(KEY + "n INT" + PK, "'connector' = 'kudu', 'table-name' = 'planned'"))
                .contains("masters");
    }

    private String planScan(String columns, String options) {
        tEnv.executeSql("DROP TABLE IF EXISTS t");
        tEnv.executeSql("CREATE TABLE t (" + columns + ") WITH (" + options + ")");
        return tEnv.explainSql("SELECT * FROM t WHERE n > 3");
    }

    private String planScanError(String columns, String options) {
        Throwable error = assertThrows(Throwable.class, () -> planScan(columns, options));
        return ExceptionUtils.stringifyException(error);
    }

    @Test
    void aScanIsCheckedAgainstTheKuduTableToo() {
        // a scan needs no PRIMARY KEY and may leave out NOT NULL columns
        assertThat(planScan("n INT, name STRING", connection("planned")))
                .contains("filter=[>(n, 3)]");
        assertThat(planScanError("n SMALLINT", connection("planned")))
                .contains("Column 'n' of type SMALLINT cannot hold Kudu column 'n' of type INT32");
        assertThat(planScanError("n INT", connection("planned") + ", 'scan.parallelism' = '0'"))
                .contains("Invalid value for option 'scan.parallelism': 0");
        assertThat(planScanError("n INT", connection("no_such_table")))
                .contains("Kudu table 'no_such_table' does not exist on masters");
    }
}
