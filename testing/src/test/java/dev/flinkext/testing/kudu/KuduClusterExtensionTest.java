package dev.flinkext.testing.kudu;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduScanner;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.OperationResponse;
import org.apache.kudu.client.PartialRow;
import org.apache.kudu.client.RowResult;
import org.apache.kudu.client.SessionConfiguration;
import org.apache.kudu.client.Upsert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KuduClusterExtensionTest {

    @RegisterExtension static final KuduClusterExtension KUDU = new KuduClusterExtension();

    @Test
    void upsertsAndScansRowsBack() throws Exception {
        KuduClient client = KUDU.client();
        Schema schema =
                new Schema(
                        List.of(
                                new ColumnSchema.ColumnSchemaBuilder("id", Type.INT64)
                                        .key(true)
                                        .build(),
                                new ColumnSchema.ColumnSchemaBuilder("name", Type.STRING)
                                        .nullable(true)
                                        .build(),
                                new ColumnSchema.ColumnSchemaBuilder("score", Type.DOUBLE).build(),
                                new ColumnSchema.ColumnSchemaBuilder("seen", Type.UNIXTIME_MICROS)
                                        .build()));
        String name = "round_trip";
        client.createTable(
                name,
                schema,
                new CreateTableOptions().addHashPartitions(List.of("id"), 2).setNumReplicas(1));
        KuduTable table = client.openTable(name);

        Instant seen = Instant.parse("2024-02-29T12:34:56.123456Z");
        KuduSession session = client.newSession();
        session.setFlushMode(SessionConfiguration.FlushMode.MANUAL_FLUSH);
        for (long id = 1; id <= 3; id++) {
            Upsert upsert = table.newUpsert();
            PartialRow row = upsert.getRow();
            row.addLong("id", id);
            row.addString("name", "row-" + id);
            row.addDouble("score", id * 1.5);
            row.addTimestamp("seen", Timestamp.from(seen.plusSeconds(id)));
            session.apply(upsert);
        }
        // an upsert of an existing key replaces the row
        Upsert update = table.newUpsert();
        update.getRow().addLong("id", 2);
        update.getRow().setNull("name");
        update.getRow().addDouble("score", -0.25);
        update.getRow().addTimestamp("seen", Timestamp.from(seen));
        session.apply(update);
        List<OperationResponse> responses = session.flush();
        assertThat(responses).noneMatch(OperationResponse::hasRowError);
        session.close();

        List<String> rows = new ArrayList<>();
        KuduScanner scanner = client.newScannerBuilder(table).build();
        while (scanner.hasMoreRows()) {
            for (RowResult row : scanner.nextRows()) {
                rows.add(
                        row.getLong("id")
                                + "|"
                                + (row.isNull("name") ? "null" : row.getString("name"))
                                + "|"
                                + row.getDouble("score")
                                + "|"
                                + row.getTimestamp("seen").toInstant());
            }
        }
        scanner.close();
        assertThat(rows)
                .containsExactlyInAnyOrder(
                        "1|row-1|1.5|2024-02-29T12:34:57.123456Z",
                        "2|null|-0.25|2024-02-29T12:34:56.123456Z",
                        "3|row-3|4.5|2024-02-29T12:34:59.123456Z");

        client.deleteTable(name);
        assertThat(client.tableExists(name)).isFalse();
    }

    @Test
    void exposesTheServerProcesses() {
        // the control shell, one master, one tablet server
        assertThat(KUDU.server().pids())
                .hasSize(3)
                .allMatch(pid -> ProcessHandle.of(pid).isPresent());
        assertThat(KUDU.masterAddresses()).matches("127\\.[0-9.]+:[0-9]+");
    }

    @Test
    void closeStopsEveryProcessAndDeletesTheData() throws Exception {
        KuduCluster cluster = new KuduClusterExtension().startUnmanaged();
        List<Long> pids;
        try {
            assertThat(cluster.client().getTablesList().getTablesList()).isEmpty();
            pids = cluster.pids();
            assertThat(pids).hasSize(3);
        } finally {
            cluster.close();
        }
        assertThat(pids)
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertThat(cluster.pids()).isEmpty();
        assertThat(Files.exists(cluster.clusterRoot())).isFalse();
    }
}
