package dev.flinkext.udf.hll;

/** Presto's {@code merge(HyperLogLog)} under a name Flink does not reserve: {@code hll_merge}. */
public class HllMerge extends HllMergeFunction {
    public HllMerge() {
        super("hll_merge");
    }
}
