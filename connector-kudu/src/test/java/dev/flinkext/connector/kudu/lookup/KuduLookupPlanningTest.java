package dev.flinkext.connector.kudu.lookup;

import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.util.ExceptionUtils;

import org.apache.kudu.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A lookup join's table is checked while the query is planned ({@code explainSql}: no job runs):
 * the Kudu schema against the DDL, and the lookup options.
 */
class KuduLookupPlanningTest {

    @RegisterExtension
    static final KuduClusterExtension KUDU =
            new KuduClusterExtension().tabletServers(3).sharedPerJvm();

    private final TableEnvironment tEnv =
            TableEnvironment.create(EnvironmentSettings.inStreamingMode());

    @BeforeAll
    static void createTable() throws Exception {
        KuduLookupBatchingTest.createOneTablet(
                KUDU.client(),
                "planned_dim",
                new org.apache.kudu.ColumnSchema.ColumnSchemaBuilder("k", Type.STRING)
                        .key(true)
                        .build(),
                new org.apache.kudu.ColumnSchema.ColumnSchemaBuilder("v", Type.INT64)
                        .nullable(true)
                        .build());
    }

    private String plan(String columns, String options) {
        tEnv.executeSql("DROP TEMPORARY TABLE IF EXISTS dim");
        tEnv.executeSql("DROP TEMPORARY TABLE IF EXISTS probe");
        tEnv.executeSql(
                "CREATE TEMPORARY TABLE dim ("
                        + columns
                        + ") WITH ('connector' = 'kudu', 'masters' = '"
                        + KUDU.masterAddresses()
                        + "', 'table-name' = 'planned_dim'"
                        + options
                        + ")");
        tEnv.executeSql(
                "CREATE TEMPORARY TABLE probe (k STRING, proc AS PROCTIME()) WITH ('connector' ="
                        + " 'datagen')");
        return tEnv.explainSql(
                "SELECT p.k, d.v FROM probe p LEFT JOIN dim FOR SYSTEM_TIME AS OF p.proc AS d ON"
                        + " d.k = p.k");
    }

    private String planError(String columns, String options) {
        Throwable error = assertThrows(Throwable.class, () -> plan(columns, options));
        return ExceptionUtils.stringifyException(error);
    }

    @Test
    void aLookupJoinPlansWithEveryLookupOption() {
        assertThat(
                        plan(
                                "k STRING, v BIGINT",
                                ", 'lookup.async' = 'true', 'lookup.cache' = 'PARTIAL',"
                                        + " 'lookup.partial-cache.max-rows' = '10',"
                                        + " 'lookup.in-list.max-size' = '50'"))
                .contains("LookupJoin");
    }

    @Test
    void anInListCapBelowOneIsRefusedNamingTheOption() {
        assertThat(planError("k STRING, v BIGINT", ", 'lookup.in-list.max-size' = '0'"))
                .contains("Invalid value for option 'lookup.in-list.max-size': 0");
    }

    @Test
    void aBadLookupCoreOptionIsRefusedNamingIt() {
        assertThat(planError("k STRING, v BIGINT", ", 'lookup.cache' = 'FULL'"))
                .contains("lookup.full-cache.periodic-reload.interval");
    }

    @Test
    void aTypeThatCannotHoldTheKuduColumnIsRefusedForLookupsToo() {
        assertThat(planError("k STRING, v INT", ""))
                .contains(
                        "Column 'v' of type INT cannot hold Kudu column 'v' of type INT64 (Kudu"
                                + " table 'planned_dim' on masters "
                                + KUDU.masterAddresses());
    }
}
