package dev.flinkext.connector.kudu.source;

import dev.flinkext.connector.kudu.ChangelogCollector;
import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.testing.flink.FailOnceAfterACheckpoint;
import dev.flinkext.testing.flink.FlinkClusterExtension;
import dev.flinkext.testing.flink.LogCapture;
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
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.Operation;
import org.apache.kudu.client.OperationResponse;
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
 * A continuous scan fails once while following changes, with checkpointing: the rows collected
 * (exactly once, through checkpoints) are exactly the snapshot and then each change once, in order
 * per key.
 */
class KuduContinuousSourceFailoverTest {

    @RegisterExtension
    static final KuduClusterExtension KUDU = new KuduClusterExtension().tabletServers(3);

    @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

    private static final String TABLE = "failover_changes";
    private static final int ROWS = 300;
    private static final int DELETED = 50;

    private static final RowType ID_N =
            RowType.of(
                    new LogicalType[] {new BigIntType(false), new IntType()},
                    new String[] {"id", "n"});

    @Test
    void aFailoverWhileFollowingChangesLosesAndRepeatsNothing() throws Exception {
        KuduClient client = KUDU.client();
        client.createTable(
                TABLE,
                new Schema(List.of(key("id", Type.INT64), nullable("n", Type.INT32))),
                new CreateTableOptions().addHashPartitions(List.of("id"), 3).setNumReplicas(1));
        KuduTable table = client.openTable(TABLE);
        List<Operation> inserts = new ArrayList<>();
        for (long id = 0; id < ROWS; id++) {
            inserts.add(upsert(table, id, (int) id));
        }
        apply(inserts);

        StreamExecutionEnvironment env =
                FailOnceAfterACheckpoint.prepare(FLINK.server().streamEnvironment());
        KuduSource source =
                KuduSource.builder()
                        .connection(KuduConnectionOptions.builder(KUDU.masterAddresses()).build())
                        .tableName(TABLE)
                        .rowType(ID_N)
                        .producedType(InternalTypeInfo.of(ID_N))
                        .continuous(Duration.ofMillis(100))
                        .build();
        // the failure comes while the updates are read: after the snapshot and 150 changes
        List<String> rows = new ArrayList<>();
        List<String> resumed;
        try (LogCapture log = new LogCapture(KuduContinuousSplitReader.class);
                ChangelogCollector<String> changes =
                        new ChangelogCollector<>(
                                env.fromSource(
                                                source,
                                                WatermarkStrategy.noWatermarks(),
                                                "kudu changes")
                                        .map(new FailOnceAfterACheckpoint(ROWS + 150))
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
            List<Operation> updates = new ArrayList<>();
            for (long id = 0; id < ROWS; id++) {
                updates.add(upsert(table, id, (int) id + 1000));
            }
            apply(updates);
            rows.addAll(changes.take(2 * ROWS));
            List<Operation> deletes = new ArrayList<>();
            for (long id = 0; id < DELETED; id++) {
                Operation delete = table.newDelete();
                delete.getRow().addLong("id", id);
                deletes.add(delete);
            }
            apply(deletes);
            rows.addAll(changes.take(DELETED));
            apply(List.of(upsert(table, 10_000, 0)));
            rows.addAll(changes.take(1));
            resumed = List.copyOf(log.messages);
        }
        assertThat(FailOnceAfterACheckpoint.FAILED).isTrue();
        // the restore put the tablets back where they were, following their changes
        assertThat(resumed)
                .anyMatch(m -> m.startsWith("Restored tablet") && m.contains("changes@"));

        // each key's rows, in the order they came
        Map<Long, List<String>> byKey = new HashMap<>();
        for (String row : rows) {
            long id = Long.parseLong(row.substring(3, row.indexOf(',')));
            byKey.computeIfAbsent(id, k -> new ArrayList<>()).add(row);
        }
        assertThat(byKey).hasSize(ROWS + 1);
        for (long id = 0; id < ROWS; id++) {
            List<String> expected = new ArrayList<>();
            expected.add("+I(" + id + "," + id + ")");
            expected.add("-U(" + id + "," + id + ")");
            expected.add("+U(" + id + "," + (id + 1000) + ")");
            if (id < DELETED) {
                expected.add("-D(" + id + "," + (id + 1000) + ")");
            }
            assertThat(byKey.get(id)).as("key %d", id).containsExactlyElementsOf(expected);
        }
        assertThat(byKey.get(10_000L)).containsExactly("+I(10000,0)");
        assertThat(rows.get(rows.size() - 1)).isEqualTo("+I(10000,0)");
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
