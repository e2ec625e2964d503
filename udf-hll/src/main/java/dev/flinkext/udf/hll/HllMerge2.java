package dev.flinkext.udf.hll;

import dev.flinkext.udf.hll.sketch.HllSketch;

import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code hll_merge2(a, b)}: the union of two sketches in one row. A NULL side is ignored, as the
 * aggregate ignores NULL rows; NULL only if both are NULL.
 */
public class HllMerge2 extends ScalarFunction {

    public byte[] eval(byte[] left, byte[] right) {
        if (left == null || right == null) {
            return left == null ? right : left;
        }
        HllSketch merged = HllSketch.deserialize(left);
        merged.mergeWith(HllSketch.deserialize(right));
        return merged.serialize();
    }
}
