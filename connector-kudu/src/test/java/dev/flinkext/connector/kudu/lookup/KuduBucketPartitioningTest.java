package dev.flinkext.connector.kudu.lookup;

import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.config.KuduConnectionOptionsResolver;
import dev.flinkext.connector.kudu.mapping.KuduTableMapping;
import dev.flinkext.connector.kudu.mapping.KuduTableMappingResolver;
import dev.flinkext.lookup.contract.ContractTable;
import dev.flinkext.lookup.full.FullCacheLoader;
import dev.flinkext.lookup.full.LoadScope;
import dev.flinkext.lookup.partition.FieldHashKeyPartitioning;
import dev.flinkext.lookup.partition.KeyPartitioning;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.util.InstantiationUtil;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduScanToken;
import org.apache.kudu.client.KuduScanner;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.OperationResponse;
import org.apache.kudu.client.PartialRow;
import org.apache.kudu.client.RowResult;
import org.apache.kudu.client.SessionConfiguration;
import org.apache.kudu.client.Upsert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KuduBucketPartitioning} against a real Kudu: for every row Kudu stored, the bucket the
 * partitioning computes from the row's key is the hash bucket of the tablet that holds it (each
 * tablet scanned on its own), for a STRING key in 4 buckets and an (INT, BIGINT) key in 3 buckets,
 * key parts in either order; every subtask count routes the key to a subtask whose store partitions
 * name that bucket; and a FULL load of a subtask's share scans only its buckets' tablets.
 */
class KuduBucketPartitioningTest {

    @RegisterExtension static final KuduClusterExtension KUDU = new KuduClusterExtension();

    private static final int ROWS = 2000;
    private static final String BY_K = "bucket_by_k";
    private static final String BY_AB = "bucket_by_ab";
    private static final String BY_RANGE = "bucket_by_range";

    private static final LogicalType STRING = DataTypes.STRING().getLogicalType();
    private static final LogicalType INT = DataTypes.INT().getLogicalType();
    private static final LogicalType BIGINT = DataTypes.BIGINT().getLogicalType();

    @BeforeAll
    static void createTables() throws Exception {
        KuduClient client = KUDU.client();
        client.createTable(
                BY_K,
                new Schema(
                        List.of(
                                key("k", Type.STRING),
                                new ColumnSchema.ColumnSchemaBuilder("v", Type.STRING)
                                        .nullable(true)
                                        .build())),
                new CreateTableOptions().addHashPartitions(List.of("k"), 4).setNumReplicas(1));
        write(
                client.openTable(BY_K),
                (i, row) -> {
                    row.addString("k", "k" + i);
                    row.addString("v", "v" + i);
                });
        client.createTable(
                BY_AB,
                new Schema(
                        List.of(
                                key("a", Type.INT32),
                                key("b", Type.INT64),
                                key("c", Type.STRING),
                                new ColumnSchema.ColumnSchemaBuilder("v", Type.STRING)
                                        .nullable(true)
                                        .build())),
                new CreateTableOptions().addHashPartitions(List.of("a", "b"), 3).setNumReplicas(1));
        write(
                client.openTable(BY_AB),
                (i, row) -> {
                    row.addInt("a", i % 37 - 18);
                    row.addLong("b", i * 1_000_003L - 1_000_000_000L);
                    row.addString("c", "c" + i);
                    row.addString("v", "v" + i);
                });
        client.createTable(
                BY_RANGE,
                new Schema(List.of(key("k", Type.STRING))),
                new CreateTableOptions().setRangePartitionColumns(List.of("k")).setNumReplicas(1));
    }

    private static ColumnSchema key(String name, Type type) {
        return new ColumnSchema.ColumnSchemaBuilder(name, type).key(true).build();
    }

    private interface RowWriter {
        void write(int i, PartialRow row);
    }

    private static void write(KuduTable table, RowWriter writer) throws Exception {
        KuduSession session = KUDU.client().newSession();
        session.setFlushMode(SessionConfiguration.FlushMode.MANUAL_FLUSH);
        session.setMutationBufferSpace(ROWS + 1);
        for (int i = 0; i < ROWS; i++) {
            Upsert upsert = table.newUpsert();
            writer.write(i, upsert.getRow());
            session.apply(upsert);
        }
        assertThat(session.flush()).noneMatch(OperationResponse::hasRowError);
        session.close();
    }

    private static KuduTableMapping mapping(
            String table, List<String> names, List<LogicalType> types) throws Exception {
        return KuduTableMappingResolver.resolve(
                table,
                KUDU.masterAddresses(),
                names,
                types,
                List.of(),
                KUDU.client().openTable(table).getSchema(),
                false);
    }

    private static java.util.Optional<KuduBucketPartitioning> partitioning(
            String table, KuduTableMapping mapping, int... keyColumns) throws Exception {
        return KuduBucketPartitioning.of(
                KuduBucketPartitioning.dimensionsOf(KUDU.client().openTable(table)),
                mapping,
                keyColumns);
    }

    /** A copy as the planner ships it: serialized, with no Kudu objects built yet. */
    private static KuduBucketPartitioning shipped(KuduBucketPartitioning partitioning)
            throws Exception {
        return InstantiationUtil.clone(partitioning, KuduBucketPartitioning.class.getClassLoader());
    }

    /**
     * Scans each tablet of {@code table} on its own and checks every row's key (as {@code key}
     * builds it) against the tablet's hash bucket; returns the rows per bucket.
     */
    private static Map<Integer, Integer> checkEveryRow(
            String table, KeyPartitioning partitioning, Function<RowResult, RowData> key)
            throws Exception {
        KuduBucketPartitioning buckets = (KuduBucketPartitioning) partitioning;
        KuduClient client = KUDU.client();
        Map<Integer, Integer> rowsPerBucket = new HashMap<>();
        List<KuduScanToken> tokens = client.newScanTokenBuilder(client.openTable(table)).build();
        for (KuduScanToken token : tokens) {
            int bucket = token.getTablet().getPartition().getHashBuckets().get(0);
            KuduScanner scanner = token.intoScanner(client);
            while (scanner.hasMoreRows()) {
                for (RowResult row : scanner.nextRows()) {
                    RowData keyRow = key.apply(row);
                    assertThat(buckets.bucketOf(keyRow)).as("bucket of %s", row).isEqualTo(bucket);
                    for (int n = 1; n <= 9; n++) {
                        int subtask = partitioning.subtaskOf(keyRow, n);
                        assertThat(subtask).isBetween(0, n - 1);
                        assertThat(partitioning.storePartitionsOf(subtask, n).orElseThrow())
                                .as("store partitions of subtask %d of %d", subtask, n)
                                .contains(KuduBucketPartitioning.partitionName(bucket));
                    }
                    rowsPerBucket.merge(bucket, 1, Integer::sum);
                }
            }
            scanner.close();
        }
        return rowsPerBucket;
    }

    @Test
    void aStringKeysBucketIsTheTabletKuduStoredItIn() throws Exception {
        KuduTableMapping mapping = mapping(BY_K, List.of("k", "v"), List.of(STRING, STRING));
        KuduBucketPartitioning partitioning = shipped(partitioning(BY_K, mapping, 0).orElseThrow());
        assertThat(partitioning.dimension().numBuckets()).isEqualTo(4);

        Map<Integer, Integer> rows =
                checkEveryRow(
                        BY_K,
                        partitioning,
                        r -> GenericRowData.of(StringData.fromString(r.getString("k"))));
        assertThat(rows).containsOnlyKeys(0, 1, 2, 3);
        assertThat(rows.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(ROWS);
    }

    @Test
    void aTwoColumnKeysBucketIsTheTabletKuduStoredItInInEitherOrder() throws Exception {
        KuduTableMapping mapping =
                mapping(BY_AB, List.of("a", "b", "c", "v"), List.of(INT, BIGINT, STRING, STRING));
        // the join condition's order: (b, a)
        KuduBucketPartitioning ba = shipped(partitioning(BY_AB, mapping, 1, 0).orElseThrow());
        Map<Integer, Integer> rows =
                checkEveryRow(BY_AB, ba, r -> GenericRowData.of(r.getLong("b"), r.getInt("a")));
        assertThat(rows).containsOnlyKeys(0, 1, 2);
        assertThat(rows.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(ROWS);

        KuduBucketPartitioning ab = shipped(partitioning(BY_AB, mapping, 0, 1).orElseThrow());
        checkEveryRow(BY_AB, ab, r -> GenericRowData.of(r.getInt("a"), r.getLong("b")));
    }

    @Test
    void aKeyNoRowCanHoldStillHasASubtask() throws Exception {
        // BIGINT in the DDL over Kudu's INT32 column a: a value beyond INT32 has no bucket
        KuduTableMapping mapping =
                mapping(
                        BY_AB,
                        List.of("a", "b", "c", "v"),
                        List.of(BIGINT, BIGINT, STRING, STRING));
        KuduBucketPartitioning partitioning =
                shipped(partitioning(BY_AB, mapping, 0, 1).orElseThrow());
        for (RowData key :
                List.of(
                        GenericRowData.of(1L << 40, 5L),
                        GenericRowData.of(null, 5L),
                        GenericRowData.of(3L, null))) {
            assertThat(partitioning.bucketOf(key)).isEqualTo(-1);
            int subtask = partitioning.subtaskOf(key, 4);
            assertThat(subtask).isBetween(0, 3).isEqualTo(partitioning.subtaskOf(key, 4));
        }
        // in range, the BIGINT key has the INT32 key's bucket
        KuduTableMapping exact =
                mapping(BY_AB, List.of("a", "b", "c", "v"), List.of(INT, BIGINT, STRING, STRING));
        KuduBucketPartitioning narrow = partitioning(BY_AB, exact, 0, 1).orElseThrow();
        for (int a = -20; a < 20; a++) {
            assertThat(partitioning.bucketOf(GenericRowData.of((long) a, 77L)))
                    .isEqualTo(narrow.bucketOf(GenericRowData.of(a, 77L)));
        }
    }

    @Test
    void keysThatAreNotExactlyAHashDimensionGetNoBucketPartitioning() throws Exception {
        KuduTableMapping ab =
                mapping(BY_AB, List.of("a", "b", "c", "v"), List.of(INT, BIGINT, STRING, STRING));
        assertThat(partitioning(BY_AB, ab, 0)).isEmpty(); // a only
        assertThat(partitioning(BY_AB, ab, 0, 1, 2)).isEmpty(); // a, b and c
        assertThat(partitioning(BY_AB, ab, 0, 2)).isEmpty(); // a and c
        assertThat(partitioning(BY_AB, ab, 0, 0)).isEmpty(); // a twice
        assertThat(partitioning(BY_AB, ab, 3)).isEmpty(); // not a key column

        KuduTableMapping k = mapping(BY_K, List.of("k", "v"), List.of(STRING, STRING));
        assertThat(partitioning(BY_K, k, 1)).isEmpty();
        assertThat(partitioning(BY_K, k, 0, 1)).isEmpty();

        // range partitioning only: no hash dimension at all
        assertThat(KuduBucketPartitioning.dimensionsOf(KUDU.client().openTable(BY_RANGE)))
                .isEmpty();
        KuduTableMapping range = mapping(BY_RANGE, List.of("k"), List.of(STRING));
        assertThat(partitioning(BY_RANGE, range, 0)).isEmpty();
    }

    @Test
    void aSubtasksFullLoadScansOnlyTheTabletsOfItsBuckets() throws Exception {
        KuduTableMapping mapping = mapping(BY_K, List.of("k", "v"), List.of(STRING, STRING));
        KuduBucketPartitioning partitioning = partitioning(BY_K, mapping, 0).orElseThrow();
        Configuration options =
                Configuration.fromMap(
                        Map.of("masters", KUDU.masterAddresses(), "table-name", BY_K));
        KuduConnectionOptions connection = KuduConnectionOptionsResolver.resolve(options);
        try (FullCacheLoader loader = new KuduFullCacheLoader(connection, mapping, null)) {
            loader.open(ContractTable.restrictedContext());
            // 4 buckets: n subtasks scan 4/n tablets each (1 when there are more subtasks)
            Map<Integer, Integer> tabletsPerSubtask = Map.of(1, 4, 2, 2, 3, 2, 4, 1, 8, 1);
            for (int n : List.of(2, 3, 4, 8)) {
                Set<String> keys = new HashSet<>();
                int tablets = 0;
                for (int subtask = 0; subtask < n; subtask++) {
                    LoadScope scope = LoadScope.of(subtask, n, partitioning);
                    List<FullCacheLoader.LoadSplit> splits = loader.splits(scope);
                    assertThat(splits.size())
                            .as("tablets of subtask %d of %d", subtask, n)
                            .isLessThanOrEqualTo(tabletsPerSubtask.get(n))
                            .isPositive();
                    tablets += splits.size();
                    for (FullCacheLoader.LoadSplit split : splits) {
                        loader.read(split, scope, owned(scope, keys));
                    }
                }
                // every key loaded by exactly one subtask, every tablet scanned (n > 4: twice)
                assertThat(keys).hasSize(ROWS);
                assertThat(tablets).isEqualTo(Math.max(n, 4));
            }
            // another partitioning names no store partitions: every tablet
            LoadScope byFieldHash =
                    LoadScope.of(0, 4, FieldHashKeyPartitioning.of(List.of(STRING)));
            assertThat(loader.splits(byFieldHash)).hasSize(4);
            assertThat(loader.splits(LoadScope.all())).hasSize(4);
        }
    }

    /** Collects the keys of the rows that {@code scope} owns, failing on one loaded twice. */
    private static FullCacheLoader.RowConsumer owned(LoadScope scope, Set<String> keys) {
        return row -> {
            if (scope.owns(GenericRowData.of(row.getString(0)))) {
                assertThat(keys.add(row.getString(0).toString()))
                        .as("%s loaded twice", row)
                        .isTrue();
            }
        };
    }
}
