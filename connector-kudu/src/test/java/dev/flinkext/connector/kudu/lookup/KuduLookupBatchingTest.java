package dev.flinkext.connector.kudu.lookup;

import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.mapping.KuduTableMapping;
import dev.flinkext.connector.kudu.mapping.KuduTableMappingResolver;
import dev.flinkext.lookup.batch.MultiKeyReader;
import dev.flinkext.lookup.contract.ContractTable;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.PartialRow;
import org.apache.kudu.client.SessionConfiguration;
import org.apache.kudu.client.Upsert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many scans a batch of keys costs, counted by the tablet servers ({@link TabletServerScans})
 * on tables of one tablet: a reader that scanned once per key fails every test here.
 */
class KuduLookupBatchingTest {

    @RegisterExtension
    static final KuduClusterExtension KUDU =
            new KuduClusterExtension().tabletServers(3).sharedPerJvm();

    private static final int ROWS = 40;

    private static TabletServerScans scans;

    private final List<MultiKeyReader> readers = new ArrayList<>();

    @BeforeAll
    static void createTables() throws Exception {
        KuduClient client = KUDU.client();
        // single: k STRING key; composite: (tenant INT32, id INT64) key; one tablet each
        createOneTablet(client, "single", key("k", Type.STRING), value("v"));
        createOneTablet(
                client, "composite", key("tenant", Type.INT32), key("id", Type.INT64), value("v"));
        KuduSession session = client.newSession();
        session.setFlushMode(SessionConfiguration.FlushMode.MANUAL_FLUSH);
        KuduTable single = client.openTable("single");
        KuduTable composite = client.openTable("composite");
        for (int i = 0; i < ROWS; i++) {
            Upsert s = single.newUpsert();
            s.getRow().addString("k", "k" + i);
            s.getRow().addString("v", "v" + i);
            session.apply(s);
            Upsert c = composite.newUpsert();
            PartialRow row = c.getRow();
            row.addInt("tenant", i % 3);
            row.addLong("id", i);
            row.addString("v", "t" + (i % 3) + "/" + i);
            session.apply(c);
        }
        session.flush();
        session.close();
        scans = TabletServerScans.of(KUDU);
    }

    @AfterEach
    void closeReaders() throws Exception {
        for (MultiKeyReader reader : readers) {
            reader.close();
        }
    }

    @Test
    void aBatchOfSingleColumnKeysIsOneInListScan() throws Exception {
        MultiKeyReader reader = reader("single", List.of("k", "v"), new int[] {0}, 1000);
        List<RowData> keys = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            keys.add(GenericRowData.of(StringData.fromString("k" + i)));
        }
        keys.add(GenericRowData.of(StringData.fromString("absent")));

        long before = scans.started();
        Map<RowData, Collection<RowData>> rows = read(reader, keys);
        assertThat(scans.started() - before).as("scans for 26 keys").isEqualTo(1);

        assertThat(rows).hasSize(25);
        assertThat(rows.get(keys.get(7)))
                .containsExactly(
                        GenericRowData.of(
                                StringData.fromString("k7"), StringData.fromString("v7")));
    }

    @Test
    void anInListLongerThanTheCapIsSplitIntoScans() throws Exception {
        MultiKeyReader reader = reader("single", List.of("k", "v"), new int[] {0}, 10);
        List<RowData> keys = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            keys.add(GenericRowData.of(StringData.fromString("k" + i)));
        }

        long before = scans.started();
        Map<RowData, Collection<RowData>> rows = read(reader, keys);

        assertThat(scans.started() - before).as("scans of at most 10 keys for 25").isEqualTo(3);
        assertThat(rows).hasSize(25);
    }

    @Test
    void compositeKeysAreOneScanPerGroupOfEqualLeadingParts() throws Exception {
        MultiKeyReader reader =
                reader("composite", List.of("tenant", "id", "v"), new int[] {0, 1}, 1000);
        List<RowData> keys = new ArrayList<>();
        for (int i = 0; i < 30; i++) { // tenants 0, 1, 2: IN on id within each
            keys.add(GenericRowData.of(i % 3, (long) i));
        }
        keys.add(GenericRowData.of(1, 0L)); // (1, 0) does not exist: id 0 is tenant 0's

        long before = scans.started();
        Map<RowData, Collection<RowData>> rows = read(reader, keys);

        assertThat(scans.started() - before).as("scans for 3 tenants").isEqualTo(3);
        assertThat(rows).hasSize(30).doesNotContainKey(GenericRowData.of(1, 0L));
        assertThat(rows.get(GenericRowData.of(2, 5L)))
                .containsExactly(GenericRowData.of(2, 5L, StringData.fromString("t2/5")));
    }

    @Test
    void compositeKeysTakeTheInListOnThePartWithFewerGroups() throws Exception {
        // key rows (id, tenant): the one id repeats, so grouping by id leaves 1 scan, IN on tenant
        MultiKeyReader reader =
                reader("composite", List.of("tenant", "id", "v"), new int[] {1, 0}, 1000);
        List<RowData> keys =
                List.of(
                        GenericRowData.of(4L, 0),
                        GenericRowData.of(4L, 1),
                        GenericRowData.of(4L, 2));

        long before = scans.started();
        Map<RowData, Collection<RowData>> rows = read(reader, keys);

        assertThat(scans.started() - before).isEqualTo(1);
        assertThat(rows).containsOnlyKeys(GenericRowData.of(4L, 1)); // 4 % 3 = 1
    }

    private static Map<RowData, Collection<RowData>> read(MultiKeyReader reader, List<RowData> keys)
            throws Exception {
        return reader.readAll(keys).get(30, TimeUnit.SECONDS);
    }

    private MultiKeyReader reader(
            String table, List<String> columns, int[] keyColumns, int maxInList) throws Exception {
        KuduClient client = KUDU.client();
        List<LogicalType> types = new ArrayList<>();
        for (String column : columns) {
            types.add(
                    switch (column) {
                        case "tenant" -> DataTypes.INT().getLogicalType();
                        case "id" -> DataTypes.BIGINT().getLogicalType();
                        default -> DataTypes.STRING().getLogicalType();
                    });
        }
        KuduTableMapping mapping =
                KuduTableMappingResolver.resolve(
                        table,
                        KUDU.masterAddresses(),
                        columns,
                        types,
                        List.of(),
                        client.openTable(table).getSchema(),
                        false);
        MultiKeyReader reader =
                new KuduMultiKeyReader(
                        KuduConnectionOptions.builder(KUDU.masterAddresses()).build(),
                        mapping,
                        keyColumns,
                        null,
                        maxInList);
        readers.add(reader);
        reader.open(ContractTable.restrictedContext());
        return reader;
    }

    private static ColumnSchema key(String name, Type type) {
        return new ColumnSchema.ColumnSchemaBuilder(name, type).key(true).build();
    }

    private static ColumnSchema value(String name) {
        return new ColumnSchema.ColumnSchemaBuilder(name, Type.STRING).nullable(true).build();
    }

    /** A table of one tablet: range partitioned on nothing, so no split. */
    static void createOneTablet(KuduClient client, String name, ColumnSchema... columns)
            throws Exception {
        client.createTable(
                name,
                new Schema(List.of(columns)),
                new CreateTableOptions().setRangePartitionColumns(List.of()).setNumReplicas(1));
    }
}
