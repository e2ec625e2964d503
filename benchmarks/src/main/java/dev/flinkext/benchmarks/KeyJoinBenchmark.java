package dev.flinkext.benchmarks;

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

import java.util.concurrent.TimeUnit;

/**
 * The harness's proof benchmark: building a composite store key ({@code prefix + part + ':' + part
 * ...}) with a pre-sized StringBuilder vs {@code String.format}, the way many connectors do it. It
 * exists to show the {@code ours_}/{@code reference_} pairing end to end.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KeyJoinBenchmark {

    @Param({"1", "3"})
    int parts;

    private String prefix;
    private Object[] values;
    private String format;

    @Setup
    public void setUp() {
        prefix = "user:";
        values = new Object[parts];
        StringBuilder pattern = new StringBuilder("%s");
        for (int i = 0; i < parts; i++) {
            values[i] = i % 2 == 0 ? (Object) (100_000L + i) : "name-" + i;
            pattern.append(i == 0 ? "%s" : ":%s");
        }
        format = pattern.toString();
    }

    @Benchmark
    public String ours_join() {
        StringBuilder key = new StringBuilder(prefix.length() + 16 * values.length);
        key.append(prefix);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                key.append(':');
            }
            key.append(values[i]);
        }
        return key.toString();
    }

    @Benchmark
    public String reference_join() {
        Object[] args = new Object[values.length + 1];
        args[0] = prefix;
        System.arraycopy(values, 0, args, 1, values.length);
        return String.format(format, args);
    }
}
