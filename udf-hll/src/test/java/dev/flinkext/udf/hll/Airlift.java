package dev.flinkext.udf.hll;

import io.airlift.slice.Slices;
import io.airlift.stats.cardinality.HyperLogLog;

import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;

/** airlift's sketches for the values our SQL tests feed, added as Presto's approx_set adds them. */
final class Airlift {

    private Airlift() {}

    /** A sketch of {@code value(id)} for id in [from, to], added in that order. */
    static HyperLogLog bigints(long from, long to, LongFunction<Long> value) {
        HyperLogLog hll = HyperLogLog.newInstance(4096);
        for (long id = from; id <= to; id++) {
            hll.add(value.apply(id));
        }
        return hll;
    }

    static HyperLogLog doubles(long from, long to, LongFunction<Double> value) {
        HyperLogLog hll = HyperLogLog.newInstance(4096);
        for (long id = from; id <= to; id++) {
            hll.add(Double.doubleToLongBits(value.apply(id)));
        }
        return hll;
    }

    /** VARCHAR and BYTES both hash their (UTF-8) bytes. */
    static HyperLogLog strings(long from, long to, LongFunction<String> value) {
        HyperLogLog hll = HyperLogLog.newInstance(4096);
        for (long id = from; id <= to; id++) {
            hll.add(Slices.wrappedBuffer(value.apply(id).getBytes(StandardCharsets.UTF_8)));
        }
        return hll;
    }

    static byte[] bytes(HyperLogLog hll) {
        return hll.serialize().getBytes();
    }
}
