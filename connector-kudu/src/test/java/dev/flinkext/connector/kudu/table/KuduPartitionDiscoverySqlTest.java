package dev.flinkext.connector.kudu.table;

import dev.flinkext.connector.kudu.ChangelogCollector;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.types.Row;

import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.AlterTableOptions;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.Operation;
import org.apache.kudu.client.OperationResponse;
import org.apache.kudu.client.PartialRow;
import org.apache.kudu.client.SessionConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static dev.flinkext.connector.kudu.KuduTestTables.key;
import static dev.flinkext.connector.kudu.KuduTestTables.nullable;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code scan.partition-discovery.interval}: a range partition added while a continuous query runs
 * is read (its rows, then their changes, exactly once and in order per key), and the split of a
 * dropped one ends without failing the query or leaving changelog rows. Each step takes exactly the
 * rows its changes cause; a last insert, which must come next, shows that no row came twice.
 */
class KuduPartitionDiscoverySqlTest {

    @RegisterExtension
    static final KuduClusterExtension KUDU = new KuduClusterExtension().tabletServers(3);

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final String TABLE = "ranges";

    @Test
    void addedRangePartitionsAreReadAndDroppedOnesEnd() throws Exception {
        KuduTable table = createTable();
        apply(table, upsert(table, 1, "a"), upsert(table, 2, "b"), upsert(table, 101, "c"));
        FlinkSql sql = FlinkSql.streaming();
        sql.executeScript(
                "CREATE TABLE "
                        + TABLE
                        + " (id BIGINT, name STRING) WITH ('connector' = 'kudu', 'masters' = '"
                        + KUDU.masterAddresses()
                        + "', 'table-name' = '"
                        + TABLE
                        + "', 'scan.mode' = 'continuous', 'scan.continuous.interval' = '100ms',"
                        + " 'scan.partition-discovery.interval' = '200ms')");
        try (ChangelogCollector<Row> changes =
                ChangelogCollector.of(
                        sql.tableEnv().executeSql("SELECT id, name FROM " + TABLE).collect())) {
            assertThat(strings(changes.take(3)))
                    .containsExactlyInAnyOrder("+I[1, a]", "+I[2, b]", "+I[101, c]");

            alter(new AlterTableOptions().addRangePartition(bound(table, 200), bound(table, 300)));
            apply(table, upsert(table, 201, "new"), upsert(table, 202, "gone soon"));
            // in the new tablet's snapshot or its first changes, depending on when it was found
            assertThat(strings(changes.take(2)))
                    .containsExactlyInAnyOrder("+I[201, new]", "+I[202, gone soon]");

            apply(
                    table,
                    upsert(table, 201, "NEW"),
                    delete(table, 202),
                    upsert(table, 1, "A"),
                    upsert(table, 102, "d"));
            List<String> step = strings(changes.take(6));
            assertThat(step)
                    .containsExactlyInAnyOrder(
                            "-U[201, new]",
                            "+U[201, NEW]",
                            "-D[202, gone soon]",
                            "-U[1, a]",
                            "+U[1, A]",
                            "+I[102, d]");
            assertThat(step.indexOf("-U[201, new]")).isLessThan(step.indexOf("+U[201, NEW]"));

            // rows 101 and 102 go with their partition: Kudu keeps no changes of it
            alter(new AlterTableOptions().dropRangePartition(bound(table, 100), bound(table, 200)));
            apply(table, upsert(table, 3, "e"), upsert(table, 203, "f"));
            assertThat(strings(changes.take(2)))
                    .containsExactlyInAnyOrder("+I[3, e]", "+I[203, f]");

            apply(table, upsert(table, 99, "last"));
            assertThat(strings(changes.take(1))).containsExactly("+I[99, last]");
        }
    }

    private static KuduTable createTable() throws Exception {
        KuduClient client = KUDU.client();
        Schema schema = new Schema(List.of(key("id", Type.INT64), nullable("name", Type.STRING)));
        CreateTableOptions options =
                new CreateTableOptions().setRangePartitionColumns(List.of("id")).setNumReplicas(1);
        options.addRangePartition(bound(schema, 0), bound(schema, 100));
        options.addRangePartition(bound(schema, 100), bound(schema, 200));
        client.createTable(TABLE, schema, options);
        return client.openTable(TABLE);
    }

    private static void alter(AlterTableOptions alter) throws Exception {
        KUDU.client().alterTable(TABLE, alter);
    }

    private static PartialRow bound(KuduTable table, long id) {
        return bound(table.getSchema(), id);
    }

    private static PartialRow bound(Schema schema, long id) {
        PartialRow row = schema.newPartialRow();
        row.addLong("id", id);
        return row;
    }

    private static Operation upsert(KuduTable table, long id, String name) {
        Operation upsert = table.newUpsert();
        upsert.getRow().addLong("id", id);
        upsert.getRow().addString("name", name);
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
