package dev.flinkext.connector.kudu.source;

import dev.flinkext.connector.kudu.ChangelogCollector;
import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.testing.flink.FailOnceAfterACheckpoint;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.AlterTableOptions;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.Operation;
import org.apache.kudu.client.OperationResponse;
import org.apache.kudu.client.PartialRow;
import org.apache.kudu.client.SessionConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.flinkext.connector.kudu.KuduTestTables.key;
import static dev.flinkext.connector.kudu.KuduTestTables.nullable;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A continuous scan with partition discovery fails once after a checkpoint, while the rows of a
 * range partition added during the job are read: the restored enumerator neither plans that tablet
 * again from its start (its rows would come twice) nor misses one added after the restore, and
 * every key's changelog is exact.
 */
class KuduPartitionDiscoveryFailoverTest {

    @RegisterExtension
    static final KuduClusterExtension KUDU = new KuduClusterExtension().tabletServers(3);

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final String TABLE = "failover_ranges";
    private static final int ROWS = 300; // per partition

    private static final RowType ID_N =
            RowType.of(
                    new LogicalType[] {new BigIntType(false), new IntType()},
                    new String[] {"id", "n"});

    @Test
    void aRestoreKeepsTheTabletsFoundAndFindsNewOnes() throws Exception {
        Schema schema = new Schema(List.of(key("id", Type.INT64), nullable("n", Type.INT32)));
        CreateTableOptions create =
                new CreateTableOptions().setRangePartitionColumns(List.of("id")).setNumReplicas(1);
        create.addRangePartition(bound(schema, 0), bound(schema, 1000));
        KUDU.client().createTable(TABLE, schema, create);
        KuduTable table = KUDU.client().openTable(TABLE);
        apply(upserts(table, 0, 0));

        StreamExecutionEnvironment env =
                FailOnceAfterACheckpoint.prepare(FLINK.server().streamEnvironment());
        KuduSource source =
                KuduSource.builder()
                        .connection(KuduConnectionOptions.builder(KUDU.masterAddresses()).build())
                        .tableName(TABLE)
                        .rowType(ID_N)
                        .producedType(InternalTypeInfo.of(ID_N))
                        .continuous(Duration.ofMillis(100))
                        .partitionDiscovery(Duration.ofMillis(200))
                        .build();
        List<String> rows = new ArrayList<>();
        try (ChangelogCollector<String> changes =
                new ChangelogCollector<>(
                        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kudu ranges")
                                // fails while the added partition's rows are read
                                .map(new FailOnceAfterACheckpoint(ROWS + ROWS / 2))
                                .map(
                                        r ->
                                                r.getRowKind().shortString()
                                                        + "("
                                                        + r.getLong(0)
                                                        + ","
                                                        + r.getInt(1)
                                                        + ")")
                                .executeAndCollect())) {
            rows.addAll(changes.take(ROWS));
            addPartition(1000, 2000);
            apply(upserts(table, 1000, 0));
            rows.addAll(changes.take(ROWS));

            List<Operation> updates = new ArrayList<>(upserts(table, 0, 1));
            updates.addAll(upserts(table, 1000, 1));
            apply(updates);
            rows.addAll(changes.take(4 * ROWS));

            addPartition(2000, 3000); // after the restore: found by the restored enumerator
            apply(upserts(table, 2000, 0));
            rows.addAll(changes.take(ROWS));
            apply(List.of(upsert(table, 999, 7)));
            rows.addAll(changes.take(1));
        }
        assertThat(FailOnceAfterACheckpoint.FAILED).isTrue();

        Map<Long, List<String>> byKey = new HashMap<>();
        for (String row : rows) {
            long id = Long.parseLong(row.substring(3, row.indexOf(',')));
            byKey.computeIfAbsent(id, k -> new ArrayList<>()).add(row);
        }
        assertThat(byKey).hasSize(3 * ROWS + 1);
        for (long first : new long[] {0, 1000}) {
            for (long id = first; id < first + ROWS; id++) {
                assertThat(byKey.get(id))
                        .as("key %d", id)
                        .containsExactly(
                                "+I(" + id + ",0)", "-U(" + id + ",0)", "+U(" + id + ",1)");
            }
        }
        for (long id = 2000; id < 2000 + ROWS; id++) {
            assertThat(byKey.get(id)).as("key %d", id).containsExactly("+I(" + id + ",0)");
        }
        assertThat(byKey.get(999L)).containsExactly("+I(999,7)");
        assertThat(rows.get(rows.size() - 1)).isEqualTo("+I(999,7)");
    }

    private static void addPartition(long from, long to) throws Exception {
        Schema schema = KUDU.client().openTable(TABLE).getSchema();
        KUDU.client()
                .alterTable(
                        TABLE,
                        new AlterTableOptions()
                                .addRangePartition(bound(schema, from), bound(schema, to)));
    }

    private static PartialRow bound(Schema schema, long id) {
        PartialRow row = schema.newPartialRow();
        row.addLong("id", id);
        return row;
    }

    private static List<Operation> upserts(KuduTable table, long first, int n) {
        List<Operation> upserts = new ArrayList<>();
        for (long id = first; id < first + ROWS; id++) {
            upserts.add(upsert(table, id, n));
        }
        return upserts;
    }

    private static Operation upsert(KuduTable table, long id, int n) {
        Operation upsert = table.newUpsert();
        upsert.getRow().addLong("id", id);
        upsert.getRow().addInt("n", n);
        return upsert;
    }

    private static void apply(List<Operation> operations) throws Exception {
        KuduSession session = KUDU.client().newSession();
        session.setFlushMode(SessionConfiguration.FlushMode.MANUAL_FLUSH);
        session.setMutationBufferSpace(operations.size() + 1);
        for (Operation operation : operations) {
            session.apply(operation);
        }
        List<OperationResponse> responses = session.flush();
        assertThat(responses).noneMatch(OperationResponse::hasRowError);
        session.close();
    }
}
