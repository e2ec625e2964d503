package dev.flinkext.benchmarks.kudu;

import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.lookup.KuduMultiKeyReader;
import dev.flinkext.connector.kudu.mapping.KuduTableMapping;
import dev.flinkext.connector.kudu.mapping.KuduTableMappingResolver;
import dev.flinkext.lookup.batch.MultiKeyReader;
import dev.flinkext.testing.kudu.KuduCluster;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.functions.FunctionContext;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.AsyncKuduClient;
import org.apache.kudu.client.AsyncKuduScanner;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduPredicate;
import org.apache.kudu.client.KuduScanner;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.RowResult;
import org.apache.kudu.client.RowResultIterator;
import org.apache.kudu.client.SessionConfiguration;
import org.apache.kudu.client.Upsert;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Keys per second looked up in Kudu, cache off: connector-kudu's {@link KuduMultiKeyReader} (a
 * batch of {@code batch} keys = one {@code k IN (...)} scan on the async client, what {@code
 * lookup.async} hands it) vs one scan per key (the reference way: Apache flink-connector-kudu's
 * lookup function opens a {@code KuduScanner} with an {@code =} predicate per key).
 *
 * <ul>
 *   <li>{@code batch}: ours reads the batch with one {@code readAll}; the reference scans its keys
 *       one after the other on the sync client, as a sync lookup function does.
 *   <li>{@code concurrent}: the same ours against a stronger reference: one async scan per key, all
 *       of the batch's scans in flight at once, then waits for them all.
 * </ul>
 *
 * A 1-master, 1-tablet-server mini cluster (started by the benchmark, on loopback) holds {@code (k
 * BIGINT key, v STRING)} in 2 hash tablets; every key asked for exists. Both sides' results are
 * compared once before measuring.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class KuduLookupBenchmark {

    /** Rows in the table; keys are drawn uniformly from all of them. */
    @Param({"50000", "400000"})
    int tableRows;

    /**
     * {@code true}: the rows are flushed to disk row sets before measuring (a dimension table
     * written a while ago); {@code false}: they stay in the tablet server's MemRowSet (maintenance
     * manager off), as rows written in the last minutes are.
     */
    @Param({"true", "false"})
    boolean flushed;

    /** Keys per lookup batch: lookup.batch.max-size's default. */
    static final int BATCH = 100;

    private static final String TABLE = "bench_lookup";

    private KuduCluster cluster;
    private KuduClient client;
    private AsyncKuduClient asyncClient;
    private KuduTable table;
    private MultiKeyReader reader;
    private MultiKeyReader pointReader;
    private List<List<RowData>> batches;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        // flushed: in-memory rows go to disk after 1 s, as a dimension table is read from disk
        // row sets; not flushed: no maintenance at all, every row stays in the MemRowSet
        cluster =
                new KuduClusterExtension()
                        .tabletServerFlag(
                                flushed
                                        ? "--flush_threshold_secs=1"
                                        : "--enable_maintenance_manager=false")
                        .startUnmanaged();
        client = cluster.client();
        asyncClient = cluster.asyncClient();
        createAndFill();
        if (flushed) {
            Thread.sleep(15_000); // the maintenance manager flushes the MemRowSet meanwhile
        }
        table = client.openTable(TABLE);

        KuduTableMapping mapping =
                KuduTableMappingResolver.resolve(
                        TABLE,
                        cluster.masterAddresses(),
                        List.of("k", "v"),
                        List.of(
                                DataTypes.BIGINT().getLogicalType(),
                                DataTypes.STRING().getLogicalType()),
                        List.of(),
                        table.getSchema(),
                        false);
        reader = reader(mapping, 1000);
        pointReader = reader(mapping, 1); // lookup.in-list.max-size = 1: a scan per key

        Random random = new Random(42);
        batches = new ArrayList<>();
        for (int b = 0; b < 1000; b++) {
            List<RowData> keys = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                keys.add(GenericRowData.of((long) random.nextInt(tableRows)));
            }
            batches.add(keys);
        }

        // both sides must find the same rows, or the ratio means nothing
        List<RowData> keys = batches.get(0);
        Map<Long, String> ours = new HashMap<>();
        reader.readAll(keys)
                .get(30, TimeUnit.SECONDS)
                .forEach(
                        (key, rows) ->
                                rows.forEach(
                                        r -> ours.put(key.getLong(0), r.getString(1).toString())));
        Map<Long, String> reference = new HashMap<>();
        for (RowData key : keys) {
            for (GenericRowData row : scanOne(key.getLong(0))) {
                reference.put(row.getLong(0), row.getString(1).toString());
            }
        }
        Map<Long, String> points = new HashMap<>();
        pointReader
                .readAll(keys)
                .get(30, TimeUnit.SECONDS)
                .forEach(
                        (key, rows) ->
                                rows.forEach(
                                        r ->
                                                points.put(
                                                        key.getLong(0),
                                                        r.getString(1).toString())));
        if (!ours.equals(reference) || !points.equals(reference) || ours.isEmpty()) {
            throw new IllegalStateException("Batched and per-key lookups found different rows");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            if (reader != null) {
                reader.close();
            }
            if (pointReader != null) {
                pointReader.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private List<RowData> nextBatch() {
        List<RowData> keys = batches.get(next);
        next = (next + 1) % batches.size();
        return keys;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Map<RowData, Collection<RowData>> ours_batch() throws Exception {
        return reader.readAll(nextBatch()).get(30, TimeUnit.SECONDS);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<GenericRowData> reference_batch() throws Exception {
        List<GenericRowData> found = new ArrayList<>();
        for (RowData key : nextBatch()) {
            found.addAll(scanOne(key.getLong(0)));
        }
        return found;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Map<RowData, Collection<RowData>> ours_points() throws Exception {
        return pointReader.readAll(nextBatch()).get(30, TimeUnit.SECONDS);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<GenericRowData> reference_points() throws Exception {
        return reference_batch();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Map<RowData, Collection<RowData>> ours_concurrent() throws Exception {
        return ours_batch();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<GenericRowData> reference_concurrent() throws Exception {
        List<AsyncKuduScanner> scanners = new ArrayList<>();
        List<com.stumbleupon.async.Deferred<RowResultIterator>> firsts = new ArrayList<>();
        for (RowData key : nextBatch()) {
            AsyncKuduScanner scanner =
                    asyncClient
                            .newScannerBuilder(table)
                            .setProjectedColumnNames(List.of("k", "v"))
                            .addPredicate(equalTo(key.getLong(0)))
                            .build();
            scanners.add(scanner);
            firsts.add(scanner.nextRows()); // all keys' scans in flight at once
        }
        List<GenericRowData> found = new ArrayList<>();
        for (int i = 0; i < scanners.size(); i++) {
            RowResultIterator rows = firsts.get(i).join(30_000);
            AsyncKuduScanner scanner = scanners.get(i);
            while (true) {
                if (rows != null) {
                    for (RowResult row : rows) {
                        found.add(decode(row));
                    }
                }
                if (!scanner.hasMoreRows()) {
                    break;
                }
                rows = scanner.nextRows().join(30_000);
            }
        }
        return found;
    }

    private MultiKeyReader reader(KuduTableMapping mapping, int maxInList) throws Exception {
        MultiKeyReader created =
                new KuduMultiKeyReader(
                        KuduConnectionOptions.builder(cluster.masterAddresses()).build(),
                        mapping,
                        new int[] {0},
                        null,
                        maxInList);
        created.open(new BenchmarkFunctionContext());
        return created;
    }

    /** One key, one sync scan: the reference's lookup. */
    private List<GenericRowData> scanOne(long key) throws Exception {
        KuduScanner scanner =
                client.newScannerBuilder(table)
                        .setProjectedColumnNames(List.of("k", "v"))
                        .addPredicate(equalTo(key))
                        .build();
        List<GenericRowData> found = new ArrayList<>(1);
        while (scanner.hasMoreRows()) {
            for (RowResult row : scanner.nextRows()) {
                found.add(decode(row));
            }
        }
        scanner.close();
        return found;
    }

    private KuduPredicate equalTo(long key) {
        return KuduPredicate.newComparisonPredicate(
                table.getSchema().getColumn("k"), KuduPredicate.ComparisonOp.EQUAL, key);
    }

    private static GenericRowData decode(RowResult row) {
        return GenericRowData.of(row.getLong(0), StringData.fromString(row.getString(1)));
    }

    private void createAndFill() throws Exception {
        Schema schema =
                new Schema(
                        List.of(
                                new ColumnSchema.ColumnSchemaBuilder("k", Type.INT64)
                                        .key(true)
                                        .build(),
                                new ColumnSchema.ColumnSchemaBuilder("v", Type.STRING)
                                        .nullable(true)
                                        .build()));
        client.createTable(
                TABLE,
                schema,
                new CreateTableOptions().addHashPartitions(List.of("k"), 2).setNumReplicas(1));
        KuduTable created = client.openTable(TABLE);
        KuduSession session = client.newSession();
        session.setFlushMode(SessionConfiguration.FlushMode.MANUAL_FLUSH);
        session.setMutationBufferSpace(10_000);
        for (int i = 0; i < tableRows; i++) {
            Upsert upsert = created.newUpsert();
            upsert.getRow().addLong("k", i);
            upsert.getRow().addString("v", "value-of-" + i);
            session.apply(upsert);
            if (i % 5_000 == 4_999) {
                session.flush();
            }
        }
        session.flush();
        session.close();
    }

    /** A function context with no runtime context, as lookup-core's refresh reader gets. */
    private static final class BenchmarkFunctionContext extends FunctionContext {
        private static final MetricGroup NO_METRICS = new UnregisteredMetricsGroup();

        BenchmarkFunctionContext() {
            super(null, KuduLookupBenchmark.class.getClassLoader(), null);
        }

        @Override
        public MetricGroup getMetricGroup() {
            return NO_METRICS;
        }
    }
}
