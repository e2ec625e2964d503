package dev.flinkext.benchmarks.kudu;

import dev.flinkext.benchmarks.harness.BenchmarkWriterInitContext;
import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.config.KuduSinkOptions;
import dev.flinkext.connector.kudu.sink.KuduSink;
import dev.flinkext.testing.kudu.KuduCluster;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import org.apache.kudu.ColumnSchema;
import org.apache.kudu.Schema;
import org.apache.kudu.Type;
import org.apache.kudu.client.CreateTableOptions;
import org.apache.kudu.client.KuduClient;
import org.apache.kudu.client.KuduScanner;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.PartialRow;
import org.apache.kudu.client.RowError;
import org.apache.kudu.client.RowResult;
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
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Rows per second upserted by connector-kudu's Sink V2 writer ({@link KuduSink}, default options:
 * flush every 1000 rows, {@code sink.max-in-flight-batches} = 2, the Kudu default; 1 measured too)
 * vs the raw kudu-client writing the same rows from one thread with {@code AUTO_FLUSH_BACKGROUND}
 * (its default mutation buffer of 1000 operations), the way a hand-written job would.
 *
 * <p>Both start from the same {@link RowData} rows, are driven directly ({@code write} per row,
 * then {@code flush}, which waits for every row to be confirmed), and must leave the same table
 * (checked once before measuring; each side has its own table). A Kudu mini cluster (1 master, 1
 * tablet server; table hash partitioned into 2 tablets) is started by the benchmark on loopback and
 * shares the machine's cores with the client.
 *
 * <p>Table {@code (id BIGINT key, name STRING, city STRING, score INT, amount DOUBLE)}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class KuduSinkBenchmark {

    /** Rows per benchmark invocation; the score is rows/s. */
    static final int ROWS = 10_000;

    /** Each side writes its own table, the same in schema and partitioning. */
    private static final String OURS = "bench_sink_ours";

    private static final String REFERENCE = "bench_sink_reference";
    private static final String[] CITIES = {"Berlin", "Lisbon", "Osaka", "Quito", "Nairobi"};

    private static final RowType ROW_TYPE =
            RowType.of(
                    new LogicalType[] {
                        new BigIntType(false),
                        new VarCharType(VarCharType.MAX_LENGTH),
                        new VarCharType(VarCharType.MAX_LENGTH),
                        new IntType(),
                        new DoubleType()
                    },
                    new String[] {"id", "name", "city", "score", "amount"});

    /** sink.max-in-flight-batches: 2 is the Kudu sink's default, 1 sink-core's. */
    @Param({"2", "1"})
    int inFlight;

    private KuduCluster cluster;
    private KuduClient client;
    private KuduTable table;
    private List<RowData> rows;
    private SinkWriter<RowData> writer;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        cluster = new KuduClusterExtension().startUnmanaged();
        client = cluster.client();
        createTable(OURS);
        table = createTable(REFERENCE);
        rows = rows();
        writer =
                KuduSink.builder()
                        .connection(
                                KuduConnectionOptions.builder(cluster.masterAddresses()).build())
                        .tableName(OURS)
                        .rowType(ROW_TYPE, List.of("id"))
                        .options(KuduSinkOptions.builder().maxInFlightBatches(inFlight).build())
                        .build()
                        .createWriter(new BenchmarkWriterInitContext());

        // both sides must write the same rows, or the ratio means nothing
        ours_write();
        reference_write();
        TreeMap<Long, String> written = snapshot(OURS);
        if (written.size() != ROWS || !written.equals(snapshot(REFERENCE))) {
            throw new IllegalStateException("The sink and the raw client wrote different rows");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            if (writer != null) {
                writer.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void ours_write() throws Exception {
        for (RowData row : rows) {
            writer.write(row, BenchmarkWriterInitContext.NO_CONTEXT);
        }
        writer.flush(false);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void reference_write() throws Exception {
        KuduSession session = client.newSession();
        session.setFlushMode(SessionConfiguration.FlushMode.AUTO_FLUSH_BACKGROUND);
        try {
            for (RowData row : rows) {
                Upsert upsert = table.newUpsert();
                PartialRow out = upsert.getRow();
                out.addLong(0, row.getLong(0));
                out.addString(1, row.getString(1).toString());
                out.addString(2, row.getString(2).toString());
                out.addInt(3, row.getInt(3));
                out.addDouble(4, row.getDouble(4));
                session.apply(upsert);
            }
            session.flush();
            if (session.countPendingErrors() > 0) {
                RowError[] errors = session.getPendingErrors().getRowErrors();
                throw new IllegalStateException(
                        errors.length + " rows failed, e.g. " + Arrays.asList(errors).get(0));
            }
        } finally {
            session.close();
        }
    }

    private KuduTable createTable(String name) throws Exception {
        Schema schema =
                new Schema(
                        List.of(
                                new ColumnSchema.ColumnSchemaBuilder("id", Type.INT64)
                                        .key(true)
                                        .build(),
                                nullable("name", Type.STRING),
                                nullable("city", Type.STRING),
                                nullable("score", Type.INT32),
                                nullable("amount", Type.DOUBLE)));
        return client.createTable(
                name,
                schema,
                new CreateTableOptions().addHashPartitions(List.of("id"), 2).setNumReplicas(1));
    }

    private static ColumnSchema nullable(String name, Type type) {
        return new ColumnSchema.ColumnSchemaBuilder(name, type).nullable(true).build();
    }

    private static List<RowData> rows() {
        List<RowData> rows = new ArrayList<>(ROWS);
        for (int i = 0; i < ROWS; i++) {
            rows.add(
                    GenericRowData.of(
                            1_000_000L + i,
                            StringData.fromString("name-" + i),
                            StringData.fromString(CITIES[i % CITIES.length]),
                            i % 1000,
                            i * 0.25));
        }
        return rows;
    }

    /** Every row of the table as text, by key. */
    private TreeMap<Long, String> snapshot(String name) throws Exception {
        TreeMap<Long, String> rows = new TreeMap<>();
        KuduScanner scanner = client.newScannerBuilder(client.openTable(name)).build();
        while (scanner.hasMoreRows()) {
            for (RowResult row : scanner.nextRows()) {
                rows.put(row.getLong(0), row.rowToString());
            }
        }
        scanner.close();
        return rows;
    }
}
