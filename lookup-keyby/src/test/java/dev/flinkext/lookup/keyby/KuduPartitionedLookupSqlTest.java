package dev.flinkext.lookup.keyby;

import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.OperationResponse;
import org.apache.kudu.client.SessionConfiguration;
import org.apache.kudu.client.Upsert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PartitionedLookupSqlTestBase} on a Kudu table of 4 hash tablets. */
class KuduPartitionedLookupSqlTest extends PartitionedLookupSqlTestBase {

    @RegisterExtension static final KuduClusterExtension KUDU = new KuduClusterExtension();

    @BeforeAll
    static void createDimension() throws Exception {
        KuduClient client = KUDU.client();
        Schema schema =
                new Schema(
                        List.of(
                                new ColumnSchema.ColumnSchemaBuilder("k", Type.STRING)
                                        .key(true)
                                        .build(),
                                new ColumnSchema.ColumnSchemaBuilder("v", Type.STRING)
                                        .nullable(true)
                                        .build()));
        client.createTable(
                "dim",
                schema,
                new CreateTableOptions().addHashPartitions(List.of("k"), 4).setNumReplicas(1));
        KuduTable table = client.openTable("dim");
        KuduSession session = client.newSession();
        session.setFlushMode(SessionConfiguration.FlushMode.MANUAL_FLUSH);
        session.setMutationBufferSpace(KEYS + 1);
        for (int i = 0; i < KEYS; i++) {
            Upsert upsert = table.newUpsert();
            upsert.getRow().addString("k", "k" + i);
            upsert.getRow().addString("v", "v" + i);
            session.apply(upsert);
        }
        assertThat(session.flush()).noneMatch(OperationResponse::hasRowError);
        session.close();
    }

    @Override
    String dimOptions() {
        return "'connector' = 'kudu', 'masters' = '"
                + KUDU.server().masterAddresses()
                + "', 'table-name' = 'dim'";
    }
}
