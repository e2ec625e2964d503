package dev.flinkext.benchmarks.lookup;

import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code ZIPF_KEY('name', i)}: the i-th key of a pre-drawn, seeded {@link ZipfKeys} stream
 * registered under that name. The streams live in a static map, so this works only where the tasks
 * run in the JVM that drew them (a MiniCluster): a benchmark helper, not a shipped function.
 * Drawing the stream once makes every variant, and every quarter of an emulated run, see exactly
 * the same keys in the same order.
 */
public final class ZipfKeyFunction extends ScalarFunction {

    private static final Map<String, long[]> STREAMS = new ConcurrentHashMap<>();

    private transient String cachedName;
    private transient long[] cached;

    /** Makes {@code keys} the stream called {@code name}. */
    static void register(String name, long[] keys) {
        STREAMS.put(name, keys);
    }

    @Override
    public void open(FunctionContext context) {
        cachedName = null;
    }

    public Long eval(String name, Long index) {
        if (!name.equals(cachedName)) {
            cached = STREAMS.get(name);
            if (cached == null) {
                throw new IllegalStateException("No Zipf key stream '" + name + "' registered");
            }
            cachedName = name;
        }
        return cached[(int) (long) index];
    }
}
