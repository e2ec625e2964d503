package dev.flinkext.connector.kudu.table;

import dev.flinkext.connector.kudu.ChangelogCollector;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.types.Row;

import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.Operation;
import org.apache.kudu.client.OperationResponse;
import org.apache.kudu.client.SessionConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.flinkext.connector.kudu.KuduTestTables.key;
import static dev.flinkext.connector.kudu.KuduTestTables.nullable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code scan.mode = continuous}: inserts, updates and deletes made in Kudu while the query runs
 * appear as exactly their changelog rows, and a filter on a column that changes stays exact. Each
 * step takes exactly the rows its changes cause; a last insert, which must come next, shows that no
 * row came twice.
 */
class KuduContinuousScanSqlTest {

    @RegisterExtension
    static final KuduClusterExtension KUDU = new KuduClusterExtension().tabletServers(3);

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    @Test
    void changesMadeInKuduAppearAsExactlyTheirChangelogRows() throws Exception {
        KuduTable table = createTable("followed");
        apply(table, upserts(table, 1, 10));
        FlinkSql sql = sql("followed");
        try (ChangelogCollector<Row> changes =
                ChangelogCollector.of(
                        sql.tableEnv().executeSql("SELECT id, name, n FROM followed").collect())) {
            assertThat(strings(changes.take(10)))
                    .containsExactlyInAnyOrder(
                            "+I[1, name-1, 1]",
                            "+I[2, name-2, 2]",
                            "+I[3, name-3, 3]",
                            "+I[4, name-4, 4]",
                            "+I[5, name-5, 5]",
                            "+I[6, name-6, 6]",
                            "+I[7, name-7, 7]",
                            "+I[8, name-8, 8]",
                            "+I[9, name-9, 9]",
                            "+I[10, name-10, 10]");

            apply(
                    table,
                    upsert(table, 11, "eleven", 11),
                    upsert(table, 12, null, null),
                    upsert(table, 1, "ONE", 1),
                    delete(table, 3));
            List<String> step = strings(changes.take(5));
            assertThat(step)
                    .containsExactlyInAnyOrder(
                            "+I[11, eleven, 11]",
                            "+I[12, null, null]",
                            "-U[1, name-1, 1]",
                            "+U[1, ONE, 1]",
                            "-D[3, name-3, 3]");
            assertThat(step.indexOf("-U[1, name-1, 1]")).isLessThan(step.indexOf("+U[1, ONE, 1]"));

            apply(table, upsert(table, 1, "ONE", 100), upsert(table, 12, "twelve", 12));
            step = strings(changes.take(4));
            assertThat(step)
                    .containsExactlyInAnyOrder(
                            "-U[1, ONE, 1]",
                            "+U[1, ONE, 100]",
                            "-U[12, null, null]",
                            "+U[12, twelve, 12]");
            assertThat(step.indexOf("-U[1, ONE, 1]")).isLessThan(step.indexOf("+U[1, ONE, 100]"));

            apply(table, upsert(table, 999, "last", 0));
            assertThat(strings(changes.take(1))).containsExactly("+I[999, last, 0]");
        }
    }

    @Test
    void aFilterOnAColumnThatChangesStaysExact() throws Exception {
        KuduTable table = createTable("filtered");
        apply(table, upserts(table, 1, 20));
        FlinkSql sql = sql("filtered");
        String query = "SELECT id, n FROM filtered WHERE n >= 5 AND id < 100";
        // the key filter goes to Kudu; the one on n, whose values change, stays in Flink
        assertThat(sql.tableEnv().explainSql(query)).contains("filter=[<(id, 100)]");
        try (ChangelogCollector<Row> changes =
                ChangelogCollector.of(sql.tableEnv().executeSql(query).collect())) {
            assertThat(changes.take(16)).hasSize(16); // 5..20
            apply(
                    table,
                    upsert(table, 3, "in", 7), // enters: +U only
                    upsert(table, 8, "out", 2), // leaves: -U only
                    upsert(table, 9, "stays", 90), // -U, +U
                    upsert(table, 150, "key filter", 150), // filtered by Kudu
                    delete(table, 2)); // was never in
            assertThat(strings(changes.take(4)))
                    .containsExactlyInAnyOrder("+U[3, 7]", "-U[8, 8]", "-U[9, 9]", "+U[9, 90]");
            apply(table, upsert(table, 50, "last", 50));
            assertThat(strings(changes.take(1))).containsExactly("+I[50, 50]");
        }
    }

    @Test
    void anUnknownScanModeIsNamed() {
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                "CREATE TABLE wrong (id BIGINT) WITH ('connector' = 'kudu', 'masters' = '"
                        + KUDU.masterAddresses()
                        + "', 'table-name' = 'wrong', 'scan.mode' = 'cdc')");
        assertThatThrownBy(() -> sql.tableEnv().explainSql("SELECT * FROM wrong"))
                .hasStackTraceContaining("scan.mode")
                .hasStackTraceContaining("cdc");
    }

    private static FlinkSql sql(String table) {
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                "CREATE TABLE "
                        + table
                        + " (id BIGINT, name STRING, n INT) WITH ('connector' = 'kudu',"
                        + " 'masters' = '"
                        + KUDU.masterAddresses()
                        + "', 'table-name' = '"
                        + table
                        + "', 'scan.mode' = 'continuous', 'scan.continuous.interval' = '100ms')");
        return sql;
    }

    private static KuduTable createTable(String name) throws Exception {
        KuduClient client = KUDU.client();
        if (client.tableExists(name)) {
            client.deleteTable(name);
        }
        client.createTable(
                name,
                new Schema(
                        List.of(
                                key("id", Type.INT64),
                                nullable("name", Type.STRING),
                                nullable("n", Type.INT32))),
                new CreateTableOptions().addHashPartitions(List.of("id"), 3).setNumReplicas(1));
        return client.openTable(name);
    }

    private static Operation[] upserts(KuduTable table, int from, int to) {
        Operation[] upserts = new Operation[to - from + 1];
        for (int id = from; id <= to; id++) {
            upserts[id - from] = upsert(table, id, "name-" + id, id);
        }
        return upserts;
    }

    private static Operation upsert(KuduTable table, long id, String name, Integer n) {
        Operation upsert = table.newUpsert();
        upsert.getRow().addLong("id", id);
        if (name == null) {
            upsert.getRow().setNull("name");
        } else {
            upsert.getRow().addString("name", name);
        }
        if (n == null) {
            upsert.getRow().setNull("n");
        } else {
            upsert.getRow().addInt("n", n);
        }
        return upsert;
    }

    private static Operation delete(KuduTable table, long id) {
        Operation delete = table.newDelete();
        delete.getRow().addLong("id", id);
        return delete;
    }

    private static void apply(KuduTable table, Operation... operations) throws Exception {
        KuduSession session = KUDU.client().newSession();
        session.setFlushMode(SessionConfiguration.FlushMode.AUTO_FLUSH_SYNC);
        for (Operation operation : operations) {
            OperationResponse response = session.apply(operation);
            assertThat(response.hasRowError()).as("%s", response.getRowError()).isFalse();
        }
        session.close();
    }

    private static List<String> strings(List<Row> rows) {
        return FlinkSql.toStrings(rows);
    }
}
