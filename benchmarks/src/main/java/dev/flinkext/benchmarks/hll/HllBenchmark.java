package dev.flinkext.benchmarks.hll;

import dev.flinkext.udf.hll.sketch.HllSketch;

import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.airlift.stats.cardinality.HyperLogLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * udf-hll's sketch vs airlift stats 243's {@code HyperLogLog} (what Presto/Trino run), on the same
 * values: building a sketch by add() (BIGINT and VARCHAR inputs), merging two partial sketches into
 * an empty one (a global aggregation step), and serializing. {@code values} per sketch: 300 keeps
 * every sketch sparse, 100000 makes them dense. The set-up checks both sides give the same bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HllBenchmark {

    @Param({"300", "100000"})
    int values;

    private long[] bigints;
    private String[] varchars;
    private HllSketch oursLeft;
    private HllSketch oursRight;
    private HyperLogLog theirsLeft;
    private HyperLogLog theirsRight;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        bigints = random.longs(values).toArray();
        varchars = new String[values];
        for (int i = 0; i < values; i++) {
            varchars[i] = "user-" + random.nextInt(Integer.MAX_VALUE);
        }
        oursLeft = ours_addBigint();
        theirsLeft = reference_addBigint();
        oursRight = ours_addVarchar();
        theirsRight = reference_addVarchar();
        requireSameBytes(oursLeft.serialize(), theirsLeft.serialize(), "add bigint");
        requireSameBytes(oursRight.serialize(), theirsRight.serialize(), "add varchar");
        requireSameBytes(ours_merge().serialize(), reference_merge().serialize(), "merge");
    }

    @Benchmark
    public HllSketch ours_addBigint() {
        HllSketch sketch = HllSketch.create();
        for (long value : bigints) {
            sketch.addBigint(value);
        }
        return sketch;
    }

    @Benchmark
    public HyperLogLog reference_addBigint() {
        HyperLogLog sketch = HyperLogLog.newInstance(4096);
        for (long value : bigints) {
            sketch.add(value);
        }
        return sketch;
    }

    @Benchmark
    public HllSketch ours_addVarchar() {
        HllSketch sketch = HllSketch.create();
        for (String value : varchars) {
            sketch.addVarchar(value);
        }
        return sketch;
    }

    @Benchmark
    public HyperLogLog reference_addVarchar() {
        HyperLogLog sketch = HyperLogLog.newInstance(4096);
        for (String value : varchars) {
            sketch.add(Slices.utf8Slice(value));
        }
        return sketch;
    }

    @Benchmark
    public HllSketch ours_merge() {
        HllSketch merged = HllSketch.create();
        merged.mergeWith(oursLeft);
        merged.mergeWith(oursRight);
        return merged;
    }

    @Benchmark
    public HyperLogLog reference_merge() {
        HyperLogLog merged = HyperLogLog.newInstance(4096);
        merged.mergeWith(theirsLeft);
        merged.mergeWith(theirsRight);
        return merged;
    }

    @Benchmark
    public byte[] ours_serialize() {
        return oursLeft.serialize();
    }

    /** airlift's Slice, not copied to a byte[]: Presto writes it as it is. */
    @Benchmark
    public Slice reference_serialize() {
        return theirsLeft.serialize();
    }

    private static void requireSameBytes(byte[] ours, Slice theirs, String what) {
        if (!Arrays.equals(ours, theirs.getBytes())) {
            throw new IllegalStateException(what + ": our bytes differ from airlift's");
        }
    }
}
