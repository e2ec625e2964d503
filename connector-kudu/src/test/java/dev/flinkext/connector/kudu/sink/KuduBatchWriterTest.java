package dev.flinkext.connector.kudu.sink;

import dev.flinkext.common.resource.SharedResources;
import dev.flinkext.connector.kudu.client.KuduClients;
import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.config.KuduSinkOptions;
import dev.flinkext.sink.writer.WriteOutcome;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.kudu.Type;
import org.apache.kudu.client.HostAndPort;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.PartialRow;
import org.apache.kudu.test.cluster.MiniKuduCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import static dev.flinkext.connector.kudu.KuduTestTables.create;
import static dev.flinkext.connector.kudu.KuduTestTables.key;
import static dev.flinkext.connector.kudu.KuduTestTables.nullable;
import static dev.flinkext.connector.kudu.KuduTestTables.scan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One attempt of the batch writer against a tablet server that is down: the writes come back
 * unconfirmed (for sink-core to retry), not as a failure; once it is back, the same writes are
 * confirmed and Kudu holds them.
 */
class KuduBatchWriterTest {

    /** Its own cluster (the flag is Kudu's default): this test kills its tablet server. */
    @RegisterExtension
    static final KuduClusterExtension KUDU =
            new KuduClusterExtension().tabletServerFlag("--max_cell_size_bytes=65536");

    private static KuduWrite upsert(KuduTable table, long id, String name) {
        PartialRow row = table.getSchema().newPartialRow();
        row.addLong("id", id);
        row.addString("name", name);
        return new KuduWrite(
                KuduWrite.Kind.UPSERT, row, ByteBuffer.wrap(row.encodePrimaryKey()), 8, false);
    }

    @Test
    void writesToADeadTabletServerAreUnconfirmedAndSucceedOnceItIsBack() throws Exception {
        create(KUDU.client(), "faults", key("id", Type.INT64), nullable("name", Type.STRING));
        KuduConnectionOptions connection =
                KuduConnectionOptions.builder(KUDU.masterAddresses())
                        .operationTimeout(Duration.ofSeconds(2))
                        .build();
        SharedResources.Lease<KuduClient> client = KuduClients.acquire(connection);
        KuduTable table = client.get().openTable("faults");
        List<KuduWrite> writes = new ArrayList<>();
        for (long id = 1; id <= 20; id++) {
            writes.add(upsert(table, id, "row-" + id));
        }
        MiniKuduCluster mini = KUDU.server().miniCluster();
        HostAndPort tabletServer = mini.getTabletServers().get(0);
        try (KuduBatchWriter writer =
                new KuduBatchWriter(
                        client,
                        table,
                        "Kudu table 'faults'",
                        KuduSinkOptions.builder().build(),
                        connection.operationTimeout().toMillis(),
                        1,
                        new ConcurrentHashMap<>())) {
            mini.killTabletServer(tabletServer);
            WriteOutcome down;
            try {
                down = writer.write(writes).get();
            } finally {
                mini.startTabletServer(tabletServer);
            }
            assertThat(down.isAllConfirmed()).isFalse();
            assertThat(down.unconfirmedPositions()).hasSize(writes.size());
            assertThat(down.cause()).hasMessageContaining("Kudu table 'faults'");

            // what sink-core's retries do: send the unconfirmed writes again until confirmed
            // (the restarted tablet server may refuse writes while its tablets bootstrap)
            WriteOutcome outcome = down;
            for (int attempt = 0; attempt < 30 && !outcome.isAllConfirmed(); attempt++) {
                outcome = writer.write(writes).get();
            }
            assertThat(outcome.isAllConfirmed()).as(String.valueOf(outcome.cause())).isTrue();
        }
        assertThat(scan(KUDU.client(), "faults", r -> r.getLong("id"))).hasSize(20);
    }
}
