package dev.flinkext.benchmarks.kudu;

import dev.flinkext.connector.kudu.config.KuduConnectionOptions;
import dev.flinkext.connector.kudu.source.KuduSource;
import dev.flinkext.testing.flink.FlinkCluster;
import dev.flinkext.testing.kudu.KuduCluster;
import dev.flinkext.testing.kudu.KuduClusterExtension;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
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
import org.apache.kudu.client.KuduScanToken;
import org.apache.kudu.client.KuduScanner;
import org.apache.kudu.client.KuduSession;
import org.apache.kudu.client.KuduTable;
import org.apache.kudu.client.PartialRow;
import org.apache.kudu.client.RowError;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Rows per second read from a whole Kudu table: connector-kudu's {@link KuduSource} in a DataStream
 * job (a split per tablet from scan tokens, fault-tolerant scanners at a snapshot, rows decoded
 * into {@link RowData}; {@code parallelism} source readers, each row counted by a sink chained to
 * the source) vs a raw kudu-client scan of the same tablets: the same scan tokens (all columns
 * projected), {@code parallelism} threads each taking the next token, every column of every row
 * read, as a hand-written reader would.
 *
 * <ul>
 *   <li>{@code reference} = {@code plain}: the raw scanners are kudu-client's default (READ_LATEST,
 *       not fault tolerant, rows in no particular order): what people write.
 *   <li>{@code reference} = {@code faultTolerant}: the raw scanners are fault tolerant (ordered by
 *       key, at a snapshot the first tablet server picks), as ours are.
 * </ul>
 *
 * Ours pays for a Flink job per invocation (submission, scheduling, teardown: a Flink MiniCluster
 * in this JVM, 1 task manager with {@code parallelism} slots); the table is large enough that the
 * scan dominates. A Kudu mini cluster (1 master, 1 tablet server; {@code (id BIGINT key, name
 * STRING, city STRING, score INT, amount DOUBLE)} hash partitioned into 4 tablets, flushed to disk
 * before measuring) is started by the benchmark on loopback and shares the machine's cores. Both
 * sides must count every row of the table and the same checksum over every column (both checked at
 * every invocation, against the first raw scan).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 10)
@Fork(1)
public class KuduScanBenchmark {

    private static final String TABLE = "bench_scan";
    private static final int TABLETS = 4;
    private static final String[] CITIES = {"Berlin", "Lisbon", "Osaka", "Quito", "Nairobi"};
    private static final List<String> COLUMNS = List.of("id", "name", "city", "score", "amount");

    private static final RowType ROW_TYPE =
            RowType.of(
                    new LogicalType[] {
                        new BigIntType(false),
                        new VarCharType(VarCharType.MAX_LENGTH),
                        new VarCharType(VarCharType.MAX_LENGTH),
                        new IntType(),
                        new DoubleType()
                    },
                    COLUMNS.toArray(String[]::new));

    /**
     * Rows in the table: enough that the scan, not ours' fixed cost per job (submission plus a new
     * Kudu client on each side of the job, about 2 s here for 100 000 rows as for 500 000),
     * dominates.
     */
    @Param({"2000000"})
    int tableRows;

    /** Source readers on ours' side, scanning threads on the reference's. */
    @Param({"1", "2"})
    int parallelism;

    /** How the raw client's scanners are set up: {@code plain} or {@code faultTolerant}. */
    @Param({"plain", "faultTolerant"})
    String reference;

    // static: the sink writers in the MiniCluster (same JVM) add to them
    static final LongAdder ROWS_SEEN = new LongAdder();
    static final LongAdder CHECKSUM = new LongAdder();

    private KuduCluster cluster;
    private FlinkCluster flink;
    private KuduClient client;
    private KuduTable table;
    private KuduSource source;
    private ExecutorService threads;
    private long expectedChecksum;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        // flush in-memory rows after 1 s: the table is read from disk row sets, as a table is
        cluster =
                new KuduClusterExtension()
                        .tabletServerFlag("--flush_threshold_secs=1")
                        .startUnmanaged();
        client = cluster.client();
        table = createAndFill();
        Thread.sleep(15_000); // the maintenance manager flushes the MemRowSets meanwhile
        flink = FlinkCluster.start(1, parallelism, new Configuration());
        threads = Executors.newFixedThreadPool(parallelism);
        source =
                KuduSource.builder()
                        .connection(
                                KuduConnectionOptions.builder(cluster.masterAddresses()).build())
                        .tableName(TABLE)
                        .rowType(ROW_TYPE)
                        .producedType(InternalTypeInfo.of(ROW_TYPE))
                        .build();

        // both sides must read the same rows, or the ratio means nothing: each invocation is
        // checked against the checksum of the first raw scan
        expectedChecksum = rawScan();
        ours_scan();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            if (threads != null) {
                threads.shutdownNow();
            }
            if (flink != null) {
                flink.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Benchmark
    public void ours_scan() throws Exception {
        ROWS_SEEN.reset();
        CHECKSUM.reset();
        StreamExecutionEnvironment env = flink.streamEnvironment();
        env.setParallelism(parallelism);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "kudu " + TABLE)
                .sinkTo(new CountingSink());
        env.execute("scan " + TABLE);
        check(ROWS_SEEN.sum(), CHECKSUM.sum(), "KuduSource");
    }

    @Benchmark
    public void reference_scan() throws Exception {
        long checksum = rawScan();
        check(tableRows, checksum, "the raw client");
    }

    /** Scans every tablet with the raw client; returns the checksum over every column. */
    private long rawScan() throws Exception {
        KuduScanToken.KuduScanTokenBuilder tokens =
                client.newScanTokenBuilder(table).setProjectedColumnNames(COLUMNS);
        if (reference.equals("faultTolerant")) {
            tokens.setFaultTolerant(true);
        } else if (!reference.equals("plain")) {
            throw new IllegalArgumentException("reference is plain or faultTolerant: " + reference);
        }
        ConcurrentLinkedQueue<KuduScanToken> queue = new ConcurrentLinkedQueue<>(tokens.build());
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < parallelism; t++) {
            results.add(
                    threads.submit(
                            () -> {
                                long rows = 0;
                                long checksum = 0;
                                KuduScanToken token;
                                while ((token = queue.poll()) != null) {
                                    KuduScanner scanner = token.intoScanner(client);
                                    while (scanner.hasMoreRows()) {
                                        RowResultIterator batch = scanner.nextRows();
                                        while (batch.hasNext()) {
                                            checksum += checksum(batch.next());
                                            rows++;
                                        }
                                    }
                                    scanner.close();
                                }
                                return new long[] {rows, checksum};
                            }));
        }
        long rows = 0;
        long checksum = 0;
        for (Future<long[]> result : results) {
            long[] counts = result.get();
            rows += counts[0];
            checksum += counts[1];
        }
        checkCount(rows, "the raw client");
        return checksum;
    }

    private void checkCount(long rows, String who) {
        if (rows != tableRows) {
            throw new IllegalStateException(who + " read " + rows + " rows of " + tableRows);
        }
    }

    private void check(long rows, long checksum, String who) {
        checkCount(rows, who);
        if (checksum != expectedChecksum) {
            throw new IllegalStateException(
                    who
                            + " read other rows than the first raw scan: checksum "
                            + checksum
                            + " vs "
                            + expectedChecksum);
        }
    }

    private static long checksum(RowResult row) {
        return row.getLong(0)
                + row.getString(1).length()
                + row.getString(2).hashCode()
                + row.getInt(3)
                + Double.doubleToLongBits(row.getDouble(4));
    }

    private static long checksum(RowData row) {
        return row.getLong(0)
                + row.getString(1).toString().length()
                + row.getString(2).toString().hashCode()
                + row.getInt(3)
                + Double.doubleToLongBits(row.getDouble(4));
    }

    /** Counts the rows and sums {@link #checksum(RowData)} over them, as the reference does. */
    static final class CountingSink implements Sink<RowData> {
        @Override
        public SinkWriter<RowData> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                private long rows;
                private long checksum;

                @Override
                public void write(RowData row, Context context) {
                    rows++;
                    checksum += checksum(row);
                }

                @Override
                public void flush(boolean endOfInput) {}

                @Override
                public void close() {
                    ROWS_SEEN.add(rows);
                    CHECKSUM.add(checksum);
                }
            };
        }
    }

    private KuduTable createAndFill() throws Exception {
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
        KuduTable created =
                client.createTable(
                        TABLE,
                        schema,
                        new CreateTableOptions()
                                .addHashPartitions(List.of("id"), TABLETS)
                                .setNumReplicas(1));
        KuduSession session = client.newSession();
        session.setFlushMode(SessionConfiguration.FlushMode.AUTO_FLUSH_BACKGROUND);
        try {
            for (int i = 0; i < tableRows; i++) {
                Upsert upsert = created.newUpsert();
                PartialRow row = upsert.getRow();
                row.addLong(0, 1_000_000L + i);
                row.addString(1, "name-" + i);
                row.addString(2, CITIES[i % CITIES.length]);
                row.addInt(3, i % 1000);
                row.addDouble(4, i * 0.25);
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
        return created;
    }

    private static ColumnSchema nullable(String name, Type type) {
        return new ColumnSchema.ColumnSchemaBuilder(name, type).nullable(true).build();
    }
}
