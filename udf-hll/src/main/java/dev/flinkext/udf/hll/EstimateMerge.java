package dev.flinkext.udf.hll;

/** {@code CREATE FUNCTION estimate_merge AS 'dev.flinkext.udf.hll.EstimateMerge'}. */
public class EstimateMerge extends HllMergeFunction {
    public EstimateMerge() {
        super("estimate_merge");
    }
}
