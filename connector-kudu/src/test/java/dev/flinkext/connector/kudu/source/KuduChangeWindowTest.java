package dev.flinkext.connector.kudu.source;

import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.mapping.KuduRowDecoder;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import org.apache.kudu.Type;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.Operation;
import org.apache.kudu.client.OperationResponse;
import org.apache.kudu.client.SessionConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static dev.flinkext.connector.kudu.KuduTestTables.key;
import static dev.flinkext.connector.kudu.KuduTestTables.nullable;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One window of changes read from a real Kudu tablet, between two hybrid times taken by the test:
 * each kind of change gives exactly its changelog rows, and a window read again skips what was
 * emitted.
 */
class KuduChangeWindowTest {

    @RegisterExtension static final KuduClusterExtension KUDU = new KuduClusterExtension();

    private static final String TABLE = "window_changes";

    /** Produces (id, name): column n is left out of the projection. */
    private static final RowType ID_NAME =
            RowType.of(
                    new LogicalType[] {new IntType(false), new VarCharType(VarCharType.MAX_LENGTH)},
                    new String[] {"id", "name"});

    private KuduClient client;
    private KuduTable table;

    @BeforeEach
    void createTable() throws Exception {
        client = KUDU.client();
        if (client.tableExists(TABLE)) {
            client.deleteTable(TABLE);
        }
        client.createTable(
                TABLE,
                new org.apache.kudu.Schema(
                        List.of(
                                key("id", Type.INT32),
                                nullable("name", Type.STRING),
                                nullable("n", Type.INT32))),
                new org.apache.kudu.client.CreateTableOptions()
                        .setRangePartitionColumns(List.of("id")) // one tablet
                        .setNumReplicas(1));
        table = client.openTable(TABLE);
        apply(
                upsert(1, "one", 1),
                upsert(2, "two", 2),
                upsert(3, "three", 3),
                upsert(4, "four", 4),
                upsert(5, "five", 5));
    }

    @Test
    void eachKindOfChangeGivesExactlyItsChangelogRows() throws Exception {
        Window window = window();
        long start = window.now();
        apply(upsert(6, "six", 6)); // inserted
        apply(upsert(1, "ONE", 1)); // updated
        apply(delete(2)); // deleted
        apply(upsert(3, "three", 33)); // only a column that is not produced changed
        apply(upsert(7, "seven", 7), delete(7)); // inserted, then deleted
        apply(delete(4), upsert(4, "FOUR", 4)); // deleted, then inserted again
        apply(upsert(5, "5", 5), upsert(5, "FIVE", 5)); // updated twice
        long end = window.now();

        assertThat(window.read(start, end, 0))
                .containsExactlyInAnyOrder(
                        "+I(6,six)",
                        "-U(1,one)",
                        "+U(1,ONE)",
                        "-D(2,two)",
                        "-U(4,four)",
                        "+U(4,FOUR)",
                        "-U(5,five)",
                        "+U(5,FIVE)");
        // per key, the row before comes first
        List<String> rows = window.read(start, end, 0);
        assertThat(rows.indexOf("-U(1,one)")).isLessThan(rows.indexOf("+U(1,ONE)"));
        assertThat(rows.indexOf("-U(4,four)")).isLessThan(rows.indexOf("+U(4,FOUR)"));
        assertThat(rows.indexOf("-U(5,five)")).isLessThan(rows.indexOf("+U(5,FIVE)"));
        // windows that follow each other split the changes between them, none twice
        assertThat(window.read(end, window.now(), 0)).isEmpty();
    }

    @Test
    void aWindowReadAgainSkipsTheRowsEmittedBefore() throws Exception {
        Window window = window();
        long start = window.now();
        List<Operation> updates = new ArrayList<>();
        for (int id = 1; id <= 5; id++) {
            updates.add(upsert(id, "v2-" + id, id));
        }
        apply(updates.toArray(Operation[]::new));
        long end = window.now();
        List<String> all = window.read(start, end, 0);
        assertThat(all).hasSize(10);
        for (int emitted = 0; emitted <= all.size(); emitted++) {
            assertThat(window.read(start, end, emitted))
                    .as("resumed after %d rows", emitted)
                    .containsExactlyElementsOf(all.subList(emitted, all.size()));
        }
    }

    private Window window() throws Exception {
        KuduSource source =
                KuduSource.builder()
                        .connection(KuduConnectionOptions.builder(KUDU.masterAddresses()).build())
                        .tableName(TABLE)
                        .rowType(ID_NAME)
                        .producedType(InternalTypeInfo.of(ID_NAME))
                        .continuous(java.time.Duration.ofSeconds(1))
                        .build();
        List<KuduSourceSplit> splits =
                KuduScanTokens.splits(client, source.connection(), source.spec(), true);
        assertThat(splits).hasSize(1);
        return new Window(splits.get(0), new KuduRowDecoder(source.spec().columns()));
    }

    @Test
    void aCompositeKeyMatchesEachRowWithItsOwnRowBefore() throws Exception {
        String name = "window_composite";
        if (client.tableExists(name)) {
            client.deleteTable(name);
        }
        client.createTable(
                name,
                new org.apache.kudu.Schema(
                        List.of(
                                key("a", Type.INT32),
                                key("b", Type.STRING),
                                nullable("name", Type.STRING))),
                new org.apache.kudu.client.CreateTableOptions()
                        .setRangePartitionColumns(List.of("a"))
                        .setNumReplicas(1));
        KuduTable composite = client.openTable(name);
        // (1,x) (1,y) (2,x) (2,y): IN-lists a IN (1,2) AND b IN (x,y) select all four
        apply(
                composite(composite, 1, "x", "1x"),
                composite(composite, 1, "y", "1y"),
                composite(composite, 2, "x", "2x"),
                composite(composite, 2, "y", "2y"));
        RowType rowType =
                RowType.of(
                        new LogicalType[] {
                            new IntType(false),
                            new VarCharType(false, VarCharType.MAX_LENGTH),
                            new VarCharType(VarCharType.MAX_LENGTH)
                        },
                        new String[] {"a", "b", "name"});
        KuduSource source =
                KuduSource.builder()
                        .connection(KuduConnectionOptions.builder(KUDU.masterAddresses()).build())
                        .tableName(name)
                        .rowType(rowType)
                        .producedType(InternalTypeInfo.of(rowType))
                        .continuous(java.time.Duration.ofSeconds(1))
                        .build();
        KuduSourceSplit split =
                KuduScanTokens.splits(client, source.connection(), source.spec(), true).get(0);
        KuduRowDecoder decoder = new KuduRowDecoder(source.spec().columns());
        long start = KuduSnapshots.fresh(client, split, "test");
        apply(composite(composite, 1, "y", "1y!"), composite(composite, 2, "x", "2x!"));
        long end = KuduSnapshots.fresh(client, split, "test");

        List<String> rows = new ArrayList<>();
        try (KuduChangeWindow window =
                new KuduChangeWindow(
                        client, split, decoder, composite.getSchema(), "test", start, end, 0)) {
            while (window.hasMore()) {
                List<KuduScannedRow> out = new ArrayList<>();
                window.next(out);
                for (KuduScannedRow row : out) {
                    RowData r = row.row();
                    rows.add(
                            r.getRowKind().shortString()
                                    + "("
                                    + r.getInt(0)
                                    + ","
                                    + r.getString(1)
                                    + ","
                                    + r.getString(2)
                                    + ")");
                }
            }
        }
        assertThat(rows).containsExactly("-U(1,y,1y)", "+U(1,y,1y!)", "-U(2,x,2x)", "+U(2,x,2x!)");
    }

    private static Operation composite(KuduTable table, int a, String b, String name) {
        Operation upsert = table.newUpsert();
        upsert.getRow().addInt("a", a);
        upsert.getRow().addString("b", b);
        upsert.getRow().addString("name", name);
        return upsert;
    }

    /** The windows of changes of the table's one tablet, as (id,name) rows with their kind. */
    private final class Window {
        final KuduSourceSplit split;
        final KuduRowDecoder decoder;

        Window(KuduSourceSplit split, KuduRowDecoder decoder) {
            this.split = split;
            this.decoder = decoder;
        }

        /** A hybrid time no older than every write acknowledged so far. */
        long now() throws Exception {
            return KuduSnapshots.fresh(client, split, "test");
        }

        List<String> read(long start, long end, long emittedBefore) throws Exception {
            List<KuduScannedRow> out = new ArrayList<>();
            try (KuduChangeWindow window =
                    new KuduChangeWindow(
                            client,
                            split,
                            decoder,
                            table.getSchema(),
                            "Kudu table '" + TABLE + "'",
                            start,
                            end,
                            emittedBefore)) {
                while (window.hasMore()) {
                    window.next(out);
                }
            }
            return out.stream().map(r -> show(r.row())).toList();
        }
    }

    private static String show(RowData row) {
        return row.getRowKind().shortString() + "(" + row.getInt(0) + "," + row.getString(1) + ")";
    }

    private Operation upsert(int id, String name, int n) {
        Operation upsert = table.newUpsert();
        upsert.getRow().addInt("id", id);
        upsert.getRow().addString("name", name);
        upsert.getRow().addInt("n", n);
        return upsert;
    }

    private Operation delete(int id) {
        Operation delete = table.newDelete();
        delete.getRow().addInt("id", id);
        return delete;
    }

    /** Applies the operations in order, each acknowledged before the next. */
    private void apply(Operation... operations) throws Exception {
        KuduSession session = client.newSession();
        session.setFlushMode(SessionConfiguration.FlushMode.AUTO_FLUSH_SYNC);
        for (Operation operation : operations) {
            OperationResponse response = session.apply(operation);
            assertThat(response.hasRowError()).as("%s", response.getRowError()).isFalse();
        }
        session.close();
    }
}
