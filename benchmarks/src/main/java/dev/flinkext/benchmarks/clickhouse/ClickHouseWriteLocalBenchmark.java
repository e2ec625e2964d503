package dev.flinkext.benchmarks.clickhouse;

import dev.flinkext.benchmarks.harness.BenchmarkWriterInitContext;
import dev.flinkext.connector.clickhouse.config.ClickHouseConnectionOptions;
import dev.flinkext.connector.clickhouse.sink.ClickHouseSink;
import dev.flinkext.sink.config.SinkWriterOptions;
import dev.flinkext.testing.clickhouse.ClickHouseCluster;
import dev.flinkext.testing.clickhouse.ClickHouseClusterExtension;

import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.RowType;

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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Rows per second into a Distributed table over two 18.16 shards (weights 1:1, sharding key {@code
 * murmurHash3_64(name)}), both sides through {@link ClickHouseSink} with the same batches ({@value
 * #BATCH} rows, one in flight): {@code sink.write-local} (the writer computes each row's shard and
 * inserts into the shards' local tables itself, both at once) vs inserting into the Distributed
 * table, which splits every batch on the server it was sent to and forwards each part.
 *
 * <p>{@code distributedSync = 1}: the Distributed table's INSERT returns once every shard stored
 * its part ({@code insert_distributed_sync=1}): the same guarantee as write-local, the fair
 * comparison. {@code 0} (ClickHouse's default): it returns once the parts are queued on the first
 * server's disk and sends them later, so a confirmed batch may still be lost with that server's
 * disk; shown for reference.
 *
 * <p>Both sides must leave the same rows on each shard (checked before measuring). Both shards run
 * on this machine with the client; across real hosts write-local also saves the forwarding hop.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ClickHouseWriteLocalBenchmark {

    static final int ROWS = 10_000;
    static final int BATCH = 1_000;

    private static final String OURS = "bench_wl_ours";
    private static final String REFERENCE = "bench_wl_reference";

    private static final RowType ROW_TYPE =
            (RowType)
                    DataTypes.ROW(
                                    DataTypes.FIELD("id", DataTypes.BIGINT().notNull()),
                                    DataTypes.FIELD("name", DataTypes.STRING()),
                                    DataTypes.FIELD("score", DataTypes.DOUBLE()),
                                    DataTypes.FIELD("ts", DataTypes.TIMESTAMP_LTZ(3)))
                            .getLogicalType();

    @Param({"1", "0"})
    int distributedSync;

    private ClickHouseCluster cluster;
    private List<RowData> rows;
    private SinkWriter<RowData> ours;
    private SinkWriter<RowData> reference;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        cluster = new ClickHouseClusterExtension().shardWeights(1, 1).startUnmanaged();
        createTables(OURS);
        createTables(REFERENCE);
        rows = rows();
        String url = cluster.shard(0).httpUrl();
        SinkWriterOptions options = SinkWriterOptions.builder().maxRows(BATCH).build();
        ours =
                ClickHouseSink.builder()
                        .connection(ClickHouseConnectionOptions.builder(url).build())
                        .table("default", OURS)
                        .rowType(ROW_TYPE)
                        .writeLocal(true)
                        .options(options)
                        .build()
                        .createWriter(new BenchmarkWriterInitContext());
        reference =
                ClickHouseSink.builder()
                        .connection(
                                ClickHouseConnectionOptions.builder(url)
                                        .setting(
                                                "insert_distributed_sync",
                                                String.valueOf(distributedSync))
                                        .build())
                        .table("default", REFERENCE)
                        .rowType(ROW_TYPE)
                        .options(options)
                        .build()
                        .createWriter(new BenchmarkWriterInitContext());

        // both sides must place the same rows on each shard, or the ratio means nothing
        ours_write();
        reference_write();
        for (int shard = 0; shard < 2; shard++) {
            String mine = snapshot(shard, OURS);
            String theirs = snapshot(shard, REFERENCE);
            for (int wait = 0; wait < 300 && !mine.equals(theirs); wait++) {
                Thread.sleep(100); // distributedSync = 0: the parts are still on their way
                theirs = snapshot(shard, REFERENCE);
            }
            if (mine.isEmpty() || !mine.equals(theirs)) {
                throw new IllegalStateException(
                        "write-local and the Distributed table left different rows on shard "
                                + (shard + 1));
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            if (ours != null) {
                ours.close();
            }
            if (reference != null) {
                reference.close();
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
            ours.write(row, BenchmarkWriterInitContext.NO_CONTEXT);
        }
        ours.flush(false);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void reference_write() throws Exception {
        for (RowData row : rows) {
            reference.write(row, BenchmarkWriterInitContext.NO_CONTEXT);
        }
        reference.flush(false);
    }

    private void createTables(String name) {
        cluster.executeOnAll(
                "CREATE TABLE default."
                        + name
                        + "_local (id UInt64, name String, score Float64, ts DateTime)"
                        + " ENGINE = MergeTree ORDER BY id");
        cluster.createDistributed(name, name + "_local", "murmurHash3_64(name)");
    }

    private static List<RowData> rows() {
        List<RowData> rows = new ArrayList<>(ROWS);
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < ROWS; i++) {
            rows.add(
                    GenericRowData.of(
                            1_000_000L + i,
                            StringData.fromString("user-" + (i * 7919 % 5000)),
                            i * 0.25,
                            TimestampData.fromEpochMillis(t0 + i * 1_317L)));
        }
        return rows;
    }

    /** Every row a shard's local table holds, in key order, with how often it is there. */
    private String snapshot(int shard, String name) {
        return cluster.shard(shard)
                .queryText(
                        "SELECT id, name, score, ts, count() FROM default."
                                + name
                                + "_local GROUP BY id, name, score, ts ORDER BY id");
    }
}
