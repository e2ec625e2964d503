package dev.flinkext.lookup.keyby;

import dev.flinkext.testing.flink.FlinkSql;
import dev.flinkext.testing.flink.LogCapture;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PartitionedLookupSqlTestBase} on a Kudu table of 4 hash tablets on its key: the key is the
 * hash dimension's column, so the shuffle routes by Kudu's hash bucket and each subtask's FULL load
 * scans only its own tablet.
 */
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

    @Test
    void withTheHintEachSubtasksFullLoadScansOnlyItsOwnTablet() {
        FlinkSql sql = sql(", 'lookup.shuffle' = 'true'");
        List<String> loads;
        try (LogCapture log =
                new LogCapture("dev.flinkext.connector.kudu.lookup.KuduFullCacheLoader")) {
            assertThat(sorted(sql.collect("SELECT " + HINT + JOIN)))
                    .containsExactlyElementsOf(expected());
            loads = List.copyOf(log.messages);
        }
        Map<String, String> bucketOfSubtask = new HashMap<>();
        for (String load : loads) {
            Matcher m = TABLETS.matcher(load);
            assertThat(m.find()).as(load).isTrue();
            assertThat(m.group(2)).as(load).isEqualTo("1 of 4");
            bucketOfSubtask.put(m.group(1), m.group(3));
        }
        assertThat(bucketOfSubtask).containsOnlyKeys("0", "1", "2", "3");
        assertThat(Set.copyOf(bucketOfSubtask.values())).hasSize(4);
    }

    private static final Pattern TABLETS =
            Pattern.compile(
                    "FULL load of Kudu table 'dim' for subtask (\\d) of 4: (\\d of \\d) tablets"
                            + " \\(\\[(bucket-\\d)]\\)");

    @Override
    String dimOptions() {
        return "'connector' = 'kudu', 'masters' = '"
                + KUDU.server().masterAddresses()
                + "', 'table-name' = 'dim'";
    }
}
