package dev.flinkext.benchmarks.clickhouse;

import dev.flinkext.benchmarks.harness.BenchmarkWriterInitContext;
import dev.flinkext.connector.clickhouse.client.ClickHouseClients;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.mapping.RowBinaryOutput;
import dev.flinkext.connector.clickhouse.sink.ClickHouseSink;
import dev.flinkext.sink.config.SinkWriterOptions;
import dev.flinkext.testing.clickhouse.ClickHouseServer;
import dev.flinkext.testing.clickhouse.ClickHouseServerExtension;

import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.data.ClickHouseFormat;
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

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Rows per second appended by connector-clickhouse's Sink V2 writer ({@link ClickHouseSink}: one
 * RowBinary INSERT per {@value #BATCH} rows, {@code sink.max-in-flight-batches} 1 (the default) or
 * 2) vs raw client-v2 RowBinary inserts of the same rows from one thread: the rows hand-encoded
 * into one reused {@link RowBinaryOutput} buffer per batch of {@value #BATCH} rows (no per-row
 * objects, no checks), then {@code client.insert(table, stream, RowBinary)}, waiting for each
 * answer — what a hand-written job would do at best.
 *
 * <p>Both start from the same {@link RowData} rows, are driven directly ({@code write} per row,
 * then {@code flush}, which waits for every INSERT to be confirmed), use a client built the same
 * way (compression off, as 18.16 needs) and must leave the same table (checked once before
 * measuring; each side has its own table). A real {@code clickhouse-server} 18.16 is started by the
 * benchmark on loopback and shares the machine's cores with the client.
 *
 * <p>Table (10 columns): {@code id UInt64, user_id Int32, kind Int8, name String, city String,
 * amount Decimal(18, 4), ts DateTime, score Float64, note Nullable(String) (every third row NULL),
 * day Date}, MergeTree ordered by id.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ClickHouseSinkBenchmark {

    /** Rows per benchmark invocation; the score is rows/s. */
    static final int ROWS = 10_000;

    /** Rows per INSERT on both sides (sink.buffer-flush.max-rows). */
    static final int BATCH = 1_000;

    private static final String OURS = "bench_sink_ours";
    private static final String REFERENCE = "bench_sink_reference";
    private static final String[] CITIES = {"Berlin", "Lisbon", "Osaka", "Quito", "Nairobi"};

    private static final RowType ROW_TYPE =
            (RowType)
                    DataTypes.ROW(
                                    DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
                                    DataTypes.FIELD("user_id", DataTypes.INT()),
                                    DataTypes.FIELD("kind", DataTypes.TINYINT()),
                                    DataTypes.FIELD("name", DataTypes.STRING()),
                                    DataTypes.FIELD("city", DataTypes.STRING()),
                                    DataTypes.FIELD("amount", DataTypes.DECIMAL(18, 4)),
                                    DataTypes.FIELD("ts", DataTypes.TIMESTAMP_LTZ(3)),
                                    DataTypes.FIELD("score", DataTypes.DOUBLE()),
                                    DataTypes.FIELD("note", DataTypes.STRING()),
                                    DataTypes.FIELD("day", DataTypes.DATE()))
                            .getLogicalType();

    /** sink.max-in-flight-batches: 1 is the default; the reference always waits for each INSERT. */
    @Param({"1", "2"})
    int inFlight;

    private ClickHouseServer server;
    private Client client;
    private List<RowData> rows;
    private SinkWriter<RowData> writer;
    private final RowBinaryOutput out = new RowBinaryOutput(1 << 20);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        server = new ClickHouseServerExtension().startUnmanaged();
        createTable(OURS);
        createTable(REFERENCE);
        ClickHouseConnectionOptions connection =
                ClickHouseConnectionOptions.builder(server.httpUrl()).build();
        client = ClickHouseClients.create(connection);
        rows = rows();
        writer =
                ClickHouseSink.builder()
                        .connection(connection)
                        .table("default", OURS)
                        .rowType(ROW_TYPE)
                        .options(
                                SinkWriterOptions.builder()
                                        .maxRows(BATCH)
                                        .maxInFlightBatches(inFlight)
                                        .build())
                        .build()
                        .createWriter(new BenchmarkWriterInitContext());

        // both sides must write the same rows, or the ratio means nothing
        ours_write();
        reference_write();
        String ours = snapshot(OURS);
        if (ours.split("\n").length != ROWS || !ours.equals(snapshot(REFERENCE))) {
            throw new IllegalStateException("The sink and the raw client wrote different rows");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            if (server != null) {
                System.out.println(
                        "parts (active) at the end: "
                                + server.queryText(
                                                "SELECT table, count() FROM system.parts WHERE"
                                                        + " active AND database = 'default'"
                                                        + " GROUP BY table")
                                        .strip()
                                        .replace('\n', ' '));
            }
            if (writer != null) {
                writer.close();
            }
            if (client != null) {
                client.close();
            }
        } finally {
            if (server != null) {
                server.close();
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
        for (int start = 0; start < ROWS; start += BATCH) {
            out.reset();
            for (int i = start; i < Math.min(ROWS, start + BATCH); i++) {
                encode(rows.get(i), out);
            }
            // 18.16 sends no X-ClickHouse-Summary: the answer carries no row counts
            try (InsertResponse response =
                    client.insert(
                                    "default." + REFERENCE,
                                    out.asInputStream(),
                                    ClickHouseFormat.RowBinary)
                            .get(60, TimeUnit.SECONDS)) {
                // confirmed
            }
        }
    }

    /** The row in RowBinary, written by hand for exactly this table. */
    private static void encode(RowData row, RowBinaryOutput out) {
        out.writeInt64(row.getLong(0));
        out.writeInt32(row.getInt(1));
        out.writeInt8(row.getByte(2));
        out.writeString(row.getString(3));
        out.writeString(row.getString(4));
        out.writeInt64(row.getDecimal(5, 18, 4).toUnscaledLong());
        out.writeInt32(
                (int) Math.floorDiv(row.getTimestamp(6, 3).getMillisecond(), 1000L)); // UInt32
        out.writeFloat64(row.getDouble(7));
        if (row.isNullAt(8)) {
            out.writeInt8(1);
        } else {
            out.writeInt8(0);
            out.writeString(row.getString(8));
        }
        out.writeInt16(row.getInt(9)); // Date: UInt16 days
    }

    private void createTable(String name) {
        server.execute(
                "CREATE TABLE default."
                        + name
                        + " (id UInt64, user_id Int32, kind Int8, name String, city String,"
                        + " amount Decimal(18, 4), ts DateTime, score Float64,"
                        + " note Nullable(String), day Date)"
                        + " ENGINE = MergeTree ORDER BY id");
    }

    private static List<RowData> rows() {
        List<RowData> rows = new ArrayList<>(ROWS);
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < ROWS; i++) {
            rows.add(
                    GenericRowData.of(
                            1_000_000L + i,
                            i * 7919 % 100_000,
                            (byte) (i % 7),
                            StringData.fromString("customer-name-" + i),
                            StringData.fromString(CITIES[i % CITIES.length]),
                            DecimalData.fromBigDecimal(
                                    BigDecimal.valueOf(i * 12_345L + 17, 4), 18, 4),
                            TimestampData.fromEpochMillis(t0 + i * 1_317L),
                            i * 0.25,
                            i % 3 == 0 ? null : StringData.fromString("note " + i % 97),
                            19_000 + i % 365));
        }
        return rows;
    }

    /** Every row of the table as text, in key order. */
    private String snapshot(String name) {
        return server.queryText("SELECT * FROM default." + name + " ORDER BY id");
    }
}
