package dev.flinkext.udf.hll;

import dev.flinkext.udf.hll.sketch.HllSketch;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code estimate_compute(sketch)} / {@code hll_cardinality}: the estimated number of distinct
 * values, as Presto's {@code cardinality(HyperLogLog)}; NULL for NULL.
 */
public class EstimateCompute extends ScalarFunction {

    public @DataTypeHint("BIGINT") Long eval(byte[] sketch) {
        return sketch == null ? null : HllSketch.deserialize(sketch).cardinality();
    }
}
